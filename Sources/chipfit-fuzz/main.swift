// libFuzzer entry for chipfit. Build and run with scripts/fuzz (see docs/reliability.md):
//   swift build --product chipfit-fuzz -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
// SwiftPM links executables with its own `main`, so libFuzzer's driver is started from here.
import CFuzzShim
import Glibc

// Load the catalogue before the driver starts, so its one-time allocations are not
// attributed to the first input by libFuzzer's per-input leak check.
_ = FuzzTarget.planner

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = chipfit_fuzz_run(&argc, &argv) { data, size in
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
if status == -1 {
    let message = "chipfit-fuzz: built without libFuzzer; build with -Xswiftc -sanitize=fuzzer,address (see scripts/fuzz)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
exit(status)
