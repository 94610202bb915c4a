/// Checks that the worker's database connection answers.
public protocol HealthStore {
    func pingDatabase() throws(StoreError)
}
