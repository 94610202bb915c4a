import JSON

/// `GET /user-insights`: engagement, funnel, drop-off, feature adoption and journeys for a range and segment.
public struct UserInsightsHandler: Sendable {
    public init() {}

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.dateRange(now: context.now)
        let segment = v.oneOf("segment", Segment.self, default: .all)
        let type = v.oneOf("insightType", InsightType.self)
        let limit = v.integer("limit", in: 1...100, default: 20)
        let query = try v.finish {
            InsightQuery(
                start: range?.start ?? 0, end: range?.end ?? 0, segment: segment,
                types: type.map { [$0] } ?? InsightType.allCases, limit: limit)
        }
        let started = Timestamp.monotonic()
        let data = try context.services.analytics.insights(query)
        let elapsed = (Timestamp.monotonic() - started) * 1000
        return context.json([
            "insights": .array(query.types.map { Self.insight($0, data, limit: limit) }),
            "metadata": [
                "segment": .string(segment.rawValue), "startDate": .string(Timestamp.rfc3339(query.start)),
                "endDate": .string(Timestamp.rfc3339(query.end)), "usersConsidered": .int(data.activeUsers),
                "eventsConsidered": .int(data.events), "queryTimeMs": .number(MetricValue.round4(elapsed)),
                "dataAsOf": .string(Timestamp.rfc3339(data.asOf ?? context.now)),
            ],
        ])
    }

    /// How much to trust an insight resting on `count` users or sessions: 0 with none, 50 at 30, near 100 at
    /// thousands.
    static func confidence(_ count: Int) -> Int { Int((100 * Double(count) / Double(count + 30)).rounded()) }

    static func percent(_ part: Int, of whole: Int) -> JSONValue {
        whole == 0 ? .int(0) : MetricValue.json(Double(part) / Double(whole) * 100)
    }

    static func insight(_ type: InsightType, _ data: InsightData, limit: Int) -> JSONValue {
        let number = MetricValue.json
        switch type {
        case .engagementPatterns:
            let dau =
                data.dailyActiveUsers.isEmpty
                ? 0 : Double(data.dailyActiveUsers.reduce(0, +)) / Double(data.dailyActiveUsers.count)
            return [
                "insightType": .string(type.rawValue), "title": "Engagement patterns",
                "description":
                    "Daily, weekly and monthly active users, stickiness, and activity by hour and weekday (UTC).",
                "confidence": .int(confidence(data.activeUsers)),
                "data": [
                    "dau": number(dau), "wau": .int(data.weeklyActiveUsers), "mau": .int(data.monthlyActiveUsers),
                    "stickiness": data.monthlyActiveUsers == 0
                        ? .int(0) : number(dau / Double(data.monthlyActiveUsers) * 100),
                    "eventsPerActiveUser": data.activeUsers == 0
                        ? .int(0) : number(Double(data.events) / Double(data.activeUsers)),
                    "byHour": .array((0..<24).map { ["hour": .int($0), "events": .int(data.eventsByHour[$0])] }),
                    "byWeekday": .array(
                        (0..<7).map { ["weekday": .int($0 + 1), "events": .int(data.eventsByWeekday[$0])] }),
                ],
            ]
        case .conversionFunnel:
            let users = data.funnelUsers
            return [
                "insightType": .string(type.rawValue), "title": "Conversion funnel",
                "description":
                    "Users reaching each step from visit to completed booking, of the first and of the previous step.",
                "confidence": .int(confidence(users[0])),
                "data": [
                    "steps": .array(
                        FunnelStep.allCases.enumerated().map { index, step in
                            [
                                "step": .string(step.rawValue), "users": .int(users[index]),
                                "conversionPercent": percent(users[index], of: users[0]),
                                "stepConversionPercent": index == 0
                                    ? percent(users[0], of: users[0]) : percent(users[index], of: users[index - 1]),
                            ]
                        })
                ],
            ]
        case .dropOffPoints:
            let users = data.funnelUsers
            var steps: [(index: Int, lost: Int)] = []
            for index in 1..<5 { steps.append((index, max(0, users[index - 1] - users[index]))) }
            steps.sort { $0.lost != $1.lost ? $0.lost > $1.lost : $0.index < $1.index }
            steps = Array(steps.prefix(limit))
            return [
                "insightType": .string(type.rawValue), "title": "Drop-off points",
                "description": "Funnel steps ranked by users lost, and the pages sessions most often end on.",
                "confidence": .int(confidence(users[0])),
                "data": [
                    "steps": .array(
                        steps.map {
                            [
                                "from": .string(FunnelStep.allCases[$0.index - 1].rawValue),
                                "to": .string(FunnelStep.allCases[$0.index].rawValue), "usersLost": .int($0.lost),
                                "dropOffPercent": percent($0.lost, of: users[$0.index - 1]),
                            ]
                        }),
                    "exitPages": .array(
                        data.exitPages.map { ["page": .string($0.page), "sessions": .int($0.sessions)] }),
                ],
            ]
        case .featureAdoption:
            return [
                "insightType": .string(type.rawValue), "title": "Feature adoption",
                "description":
                    "Users of each feature in the range, their share of active users, and the median days from signup to first use.",
                "confidence": .int(confidence(data.activeUsers)),
                "data": [
                    "features": .array(
                        data.features.map {
                            [
                                "feature": .string($0.feature), "users": .int($0.users),
                                "percent": percent($0.users, of: data.activeUsers),
                                "medianDaysToFirstUse": $0.medianDays.map(number) ?? .null,
                            ]
                        })
                ],
            ]
        case .userJourneys:
            return [
                "insightType": .string(type.rawValue), "title": "User journeys",
                "description":
                    "The most common sequences of events within a session (first ten events), with their share of sessions.",
                "confidence": .int(confidence(data.sessions)),
                "data": [
                    "paths": .array(
                        data.journeys.map {
                            [
                                "path": .array($0.path.map { .string($0) }), "sessions": .int($0.sessions),
                                "share": percent($0.sessions, of: data.sessions),
                            ]
                        })
                ],
            ]
        }
    }
}
