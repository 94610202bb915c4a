/// What an export holds (spec endpoint 10): `dataset` the daily series of the chosen metrics, `report` that plus
/// KPIs and the range's insights, `dashboard` the data of each widget of a dashboard.
public enum ExportType: String, CaseIterable, Sendable {
    case dashboard, report, dataset
}
