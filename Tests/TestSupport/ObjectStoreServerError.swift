/// The test object store could not be started or read.
public struct ObjectStoreServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
