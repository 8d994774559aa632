import Synchronization

/// Idle easy handles kept for reuse, so their live connections are reused too.
///
/// A handle is checked out by one transfer thread and checked back in when the transfer
/// ends; at most `capacity` idle handles are kept (extra ones are cleaned up).
final class EasyHandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// An idle handle, or a new one.
    func checkout() throws(TransferError) -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return try EasyHandle()
    }

    /// Returns a handle for reuse; it must not be used by the caller afterwards.
    func checkin(_ handle: EasyHandle) {
        let overflow: EasyHandle? = idle.withLock { handles in
            guard handles.count < capacity else { return handle }
            handles.append(handle)
            return nil
        }
        _ = overflow  // released here, outside the lock
    }

    /// Drops every idle handle, closing their connections.
    func removeAll() {
        let handles = idle.withLock { handles in
            defer { handles.removeAll() }
            return handles
        }
        _ = handles
    }
}
