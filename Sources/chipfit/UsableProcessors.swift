import ChipFitCore
#if canImport(Glibc)
import Glibc
#endif

/// How many processors this process may keep busy: the online processors, narrowed by its CPU
/// affinity (`taskset`, a cpuset) and by a cgroup CPU quota (a container's `--cpus`, a
/// Kubernetes CPU limit). A quota of 1.5 CPUs counts as 2. Limits that cannot be read are
/// ignored, never fatal: the count only sizes thread pools.
///
/// Sources: `Cpus_allowed_list` in proc(5) `/proc/[pid]/status`; cgroup v2 `cpu.max`
/// ("$MAX $PERIOD", "max" for none) and cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`
/// (-1 for none), in the kernel's Documentation/admin-guide/cgroup-v2.rst and
/// Documentation/scheduler/sched-bwc.rst.
enum UsableProcessors {
    static func count(online: Int) -> Int {
        var n = online
        if let status = text("/proc/self/status"), let allowed = allowedCount(status: status) { n = min(n, allowed) }
        if let quota = cgroupQuota() { n = min(n, quota) }
        return max(1, n)
    }

    /// The number of processors in `Cpus_allowed_list` (for example `0-3,8` is 5).
    static func allowedCount(status: String) -> Int? {
        // Split as bytes: splitting the whole status file into `Character`s was a tenth of a
        // millisecond of every run's serial start.
        let key = "Cpus_allowed_list:".utf8
        for line in status.utf8.split(separator: UInt8(ascii: "\n")) where line.starts(with: key) {
            return cpuCount(list: String(decoding: line.dropFirst(key.count), as: UTF8.self)[...])
        }
        return nil
    }

    /// Counts a kernel CPU list such as `0-3,8`; nil when it is not one.
    static func cpuCount(list: Substring) -> Int? {
        var total = 0
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int(word($0)) }
            switch bounds.count {
            case 1:
                guard bounds[0] != nil else { return nil }
                total += 1
            case 2:
                guard let lo = bounds[0], let hi = bounds[1], lo <= hi else { return nil }
                total += hi - lo + 1
            default:
                return nil
            }
        }
        return total > 0 ? total : nil
    }

    /// Processors allowed by a cgroup v2 `cpu.max` ("150000 100000" is 2); nil without a limit.
    static func quota(cpuMax: String) -> Int? {
        let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let max = Int(fields[0]), let period = Int(fields[1]) else { return nil }
        return processors(quota: max, period: period)
    }

    /// Processors allowed by cgroup v1 CFS bandwidth (quota -1 means none).
    static func quota(cfsQuota: String, period: String) -> Int? {
        guard let q = Int(word(cfsQuota[...])), let p = Int(word(period[...])) else { return nil }
        return processors(quota: q, period: p)
    }

    private static func processors(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    /// The smallest quota on the path from this process's cgroup to the root.
    private static func cgroupQuota() -> Int? {
        guard let membership = text("/proc/self/cgroup") else { return nil }
        var best: Int?
        func consider(_ q: Int?) { if let q { best = min(best ?? q, q) } }
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                // cgroup v2: each ancestor can hold its own limit.
                for dir in ancestors(of: path) {
                    if let max = text("/sys/fs/cgroup" + dir + "/cpu.max") { consider(quota(cpuMax: max)) }
                }
            } else if fields[1].split(separator: ",").contains("cpu") {
                // cgroup v1: the hierarchy is mounted at one of these; inside a container the
                // path given is often not visible and the mount root is the process's own group.
                for mount in ["/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"] {
                    for dir in Set([path, "/"]) {
                        let base = mount + (dir == "/" ? "" : dir)
                        if let q = text(base + "/cpu.cfs_quota_us"), let p = text(base + "/cpu.cfs_period_us") {
                            consider(quota(cfsQuota: q, period: p))
                        }
                    }
                }
            }
        }
        return best
    }

    /// `/a/b` → `/a/b`, `/a`, `` (the root).
    private static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = path.hasSuffix("/") ? String(path.dropLast()) : path
        while true {
            result.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
            if current.isEmpty { result.append(""); break }
        }
        return result
    }

    /// The text without surrounding blanks and newlines.
    private static func word(_ text: Substring) -> Substring {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first ?? ""
    }

    /// A small text file from /proc or /sys; nil when it cannot be read.
    private static func text(_ path: String) -> String? {
        guard let bytes = try? InputFiles.read(path, limit: 1 << 16), bytes.count <= 1 << 16 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
