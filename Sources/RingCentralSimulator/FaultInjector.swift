import Synchronization

/// Queue of pending ``SimulatorFault``s.
final class FaultInjector: Sendable {
    private let pending = Mutex<[SimulatorFault]>([])
    private let fired = Mutex<[String: Int]>([:])

    func inject(_ fault: SimulatorFault) {
        guard fault.count > 0 else { return }
        self.pending.withLock { $0.append(fault) }
    }

    func clear() {
        self.pending.withLock { $0.removeAll() }
    }

    /// Takes one use of the first fault matching the request, if any.
    func take(target: SimulatorFault.Target, recordingId: String?, auth: Bool) -> SimulatorFault.Kind? {
        let kind: SimulatorFault.Kind? = self.pending.withLock { faults in
            guard
                let index = faults.firstIndex(where: { fault in
                    fault.kind.isAuthFault == auth
                        && (fault.target == .any || fault.target == target)
                        && (fault.recordingId == nil || fault.recordingId == recordingId)
                })
            else { return nil }
            let kind = faults[index].kind
            faults[index].count -= 1
            if faults[index].count <= 0 {
                faults.remove(at: index)
            }
            return kind
        }
        if let kind {
            self.fired.withLock { $0[kind.name, default: 0] += 1 }
        }
        return kind
    }

    var firedCounts: [String: Int] {
        self.fired.withLock { $0 }
    }

    var pendingCount: Int {
        self.pending.withLock { $0.count }
    }
}
