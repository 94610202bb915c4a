public import JSON

extension InsightData {
    /// One insight of the `/user-insights` answer: type, title, description, confidence and its data.
    public func json(_ type: InsightType, limit: Int) -> JSONValue {
        let (title, description, basis, data): (String, String, Int, JSONValue) =
            switch type {
            case .engagementPatterns:
                (
                    "Engagement patterns",
                    "Daily, weekly and monthly active users, stickiness, and activity by hour and weekday (UTC).",
                    activeUsers, engagementJSON()
                )
            case .conversionFunnel:
                (
                    "Conversion funnel",
                    "Users reaching each step from visit to completed booking, of the first and of the previous step.",
                    funnelUsers[0], funnelJSON()
                )
            case .dropOffPoints:
                (
                    "Drop-off points", "Funnel steps ranked by users lost, and the pages sessions most often end on.",
                    funnelUsers[0], dropOffJSON(limit: limit)
                )
            case .featureAdoption:
                (
                    "Feature adoption",
                    "Users of each feature in the range, their share of active users, and the median days from signup to first use.",
                    activeUsers, featuresJSON()
                )
            case .userJourneys:
                (
                    "User journeys",
                    "The most common sequences of events within a session (first ten events), with their share of sessions.",
                    sessions, journeysJSON()
                )
            }
        return [
            "insightType": .string(type.rawValue), "title": .string(title), "description": .string(description),
            "confidence": .int(Self.confidence(basis)), "data": data,
        ]
    }

    /// How much to trust an insight resting on `count` users or sessions: 0 with none, 50 at 30, near 100 at
    /// thousands.
    static func confidence(_ count: Int) -> Int { Int((100 * Double(count) / Double(count + 30)).rounded()) }

    static func percent(_ part: Int, of whole: Int) -> JSONValue {
        whole == 0 ? .int(0) : MetricValue.json(Double(part) / Double(whole) * 100)
    }

    /// Mean distinct active users per day of the range.
    public var meanDailyActiveUsers: Double {
        dailyActiveUsers.isEmpty ? 0 : Double(dailyActiveUsers.reduce(0, +)) / Double(dailyActiveUsers.count)
    }

    func engagementJSON() -> JSONValue {
        let number = MetricValue.json
        let dau = meanDailyActiveUsers
        return [
            "dau": number(dau), "wau": .int(weeklyActiveUsers), "mau": .int(monthlyActiveUsers),
            "stickiness": monthlyActiveUsers == 0 ? .int(0) : number(dau / Double(monthlyActiveUsers) * 100),
            "eventsPerActiveUser": activeUsers == 0 ? .int(0) : number(Double(events) / Double(activeUsers)),
            "byHour": .array((0..<24).map { ["hour": .int($0), "events": .int(eventsByHour[$0])] }),
            "byWeekday": .array((0..<7).map { ["weekday": .int($0 + 1), "events": .int(eventsByWeekday[$0])] }),
        ]
    }

    func funnelJSON() -> JSONValue {
        let users = funnelUsers
        return [
            "steps": .array(
                FunnelStep.allCases.enumerated().map { index, step in
                    [
                        "step": .string(step.rawValue), "users": .int(users[index]),
                        "conversionPercent": Self.percent(users[index], of: users[0]),
                        "stepConversionPercent": index == 0
                            ? Self.percent(users[0], of: users[0]) : Self.percent(users[index], of: users[index - 1]),
                    ]
                })
        ]
    }

    func dropOffJSON(limit: Int) -> JSONValue {
        let users = funnelUsers
        var steps: [(index: Int, lost: Int)] = (1..<5).map { ($0, max(0, users[$0 - 1] - users[$0])) }
        steps.sort { $0.lost != $1.lost ? $0.lost > $1.lost : $0.index < $1.index }
        return [
            "steps": .array(
                steps.prefix(limit).map {
                    [
                        "from": .string(FunnelStep.allCases[$0.index - 1].rawValue),
                        "to": .string(FunnelStep.allCases[$0.index].rawValue), "usersLost": .int($0.lost),
                        "dropOffPercent": Self.percent($0.lost, of: users[$0.index - 1]),
                    ]
                }),
            "exitPages": .array(exitPages.map { ["page": .string($0.page), "sessions": .int($0.sessions)] }),
        ]
    }

    func featuresJSON() -> JSONValue {
        [
            "features": .array(
                features.map {
                    [
                        "feature": .string($0.feature), "users": .int($0.users),
                        "percent": Self.percent($0.users, of: activeUsers),
                        "medianDaysToFirstUse": $0.medianDays.map(MetricValue.json) ?? .null,
                    ]
                })
        ]
    }

    func journeysJSON() -> JSONValue {
        [
            "paths": .array(
                journeys.map {
                    [
                        "path": .array($0.path.map { .string($0) }), "sessions": .int($0.sessions),
                        "share": Self.percent($0.sessions, of: sessions),
                    ]
                })
        ]
    }
}
