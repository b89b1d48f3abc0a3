"""chipfit's benchmark: the physical floor, the peers and the targets of issue 8, in one run.
Run through scripts/bench. Prints a Markdown table; nothing here is a unit test."""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
bindir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], text=True).strip()
chipfit, bench = os.path.join(bindir, "chipfit"), os.path.join(bindir, "chipfit-bench")
work = tempfile.mkdtemp(prefix="chipfit-bench-")
corpus = os.path.join(work, "corpus")
subprocess.check_call([bench, "--write-corpus", corpus, str(n)])
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
scan = os.path.join(work, "yaml_scan")
subprocess.check_call(["cc", "-O2", "-o", scan, "Benchmarks/yaml-scan/yaml_scan.c", "-lyaml"])

def run(cmd, repeat=11, measure_rss=True):
    """Median wall time, median CPU time (user+sys) over `repeat` runs, and peak RSS (MiB).
    Timed runs send both streams to /dev/null: piping stderr made Python's communicate()
    add 10-15 ms of its own to every measurement. Peak RSS comes from one more run under
    /usr/bin/time, which writes it to a file."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if not measure_rss:
        return statistics.median(walls), statistics.median(cpus), 0
    rss_file = os.path.join(work, "rss")
    subprocess.run(["/usr/bin/time", "-o", rss_file, "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(rss_file) as f:
        rss = int(f.read().strip().splitlines()[-1]) / 1024
    return statistics.median(walls), statistics.median(cpus), rss

def interleaved(cmds, repeat=21):
    """Median wall time of each command, the commands run in turn `repeat` times: on a machine
    whose speed drifts, a busy stretch then slows every side of a ratio alike. 21 rounds: on
    this virtual machine single runs of the same binary spread by a factor of 1.5."""
    walls = [[] for _ in cmds]
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls[i].append(time.perf_counter() - t)
    return [statistics.median(w) for w in walls], walls

def middle_half(numerators, denominators):
    """The interquartile range of the per-round ratios: each round's two commands ran back to
    back, so this shows how far the machine's drift moves a ratio within one run."""
    ratios = sorted(a / b for a, b in zip(numerators, denominators))
    q = len(ratios) // 4
    return ratios[q], ratios[-1 - q]

rows = []
# chipfit also reads and checks the shipped profiles: the scan of every byte it reads, for context.
profile_files = sorted(os.path.join(d, f) for d, _, fs in os.walk("profiles") for f in fs if f.endswith((".yaml", ".yml")))
# The corpus named one by one, as pre-commit and CI scripts pass it, besides the directory.
(scan_wall, scan_all_wall, val_wall, named_wall), rounds = interleaved([
    [scan] + files, [scan] + files + profile_files, [chipfit, "validate", corpus], [chipfit, "validate"] + files])
_, _, val_rss = run([chipfit, "validate", corpus], repeat=1)  # for its peak RSS
plan_wall, plan_cpu, plan_rss = run([chipfit, "plan", "--format", "json", "--as-of", "2026-11-29", corpus])
one_wall, _, _ = run([chipfit, "validate", "examples/support-chat.yaml"], repeat=21, measure_rss=False)
# The in-process plan and llm-analysis are timed as medians of several runs, as everything
# else here is: a single run of either moved the configurations-per-second ratio by a third.
# The planner runs on every core, as the CLI does; the one-core rate (the same run pinned to
# one CPU) is shown beside it, since llm-analysis evaluates on one.
def inproc_run(prefix=()):
    out = subprocess.check_output(list(prefix) + [bench, str(n), "."], text=True)
    return (float([l for l in out.splitlines() if "layouts evaluated/s" in l][0].split()[-1]),
            float([l for l in out.splitlines() if l.strip().startswith("plan ")][0].split()[1]))
inproc_runs = [inproc_run() for _ in range(5)]
rate = statistics.median(r for r, _ in inproc_runs)
plan_ms = statistics.median(p for _, p in inproc_runs)
one_core = ["taskset", "-c", str(min(os.sched_getaffinity(0)))] if shutil.which("taskset") else None
rate_one_core = statistics.median(inproc_run(one_core)[0] for _ in range(5)) if one_core else None

def instructions(cmd):
    """Instructions executed (valgrind callgrind, all threads): repeatable where wall time is
    not, so small changes can be compared on a noisy machine. None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = [l for l in p.stderr.splitlines() if "Collected :" in l]
    return int(found[-1].split()[-1]) if found else None

scan_ins = instructions([scan] + files)
val_ins = instructions([chipfit, "validate", corpus])
one_ins = instructions([chipfit, "validate", "examples/support-chat.yaml"])
# The CLI plan has the least room of the budgets and its CPU time moves with the machine; its
# instructions on the corpus's first 200 specs (the whole corpus under callgrind takes
# minutes) are the figure to compare builds by.
plan_sample = os.path.join(work, "plan-sample")
os.makedirs(plan_sample)
for f in files[:200]:
    shutil.copy(f, plan_sample)
plan_ins = instructions([chipfit, "plan", "--format", "json", "--as-of", "2026-11-29", plan_sample])

peers = {}
venv = os.path.join(root, ".build", "pyenv")
cj = os.path.join(venv, "bin", "check-jsonschema")
if os.path.exists(cj):
    schema = os.path.join(work, "deployment.json")
    with open(schema, "w") as f:
        subprocess.check_call([chipfit, "schema", "deployment"], stdout=f)
    w, c, _ = run([cj, "--schemafile", schema] + files, repeat=1, measure_rss=False)
    peers["check-jsonschema"] = w
llm = os.environ.get("LLM_ANALYSIS_PYTHON", os.path.join(root, ".build", "llmenv", "bin", "python"))
rates = []
if os.path.exists(llm):
    for _ in range(5):
        out = subprocess.run([llm, "Benchmarks/peers/llm_analysis_rate.py", "400"], capture_output=True, text=True)
        if out.returncode != 0:
            break
        rates.append(float(out.stdout.strip().splitlines()[-1]))
    if rates:
        peers["llm-analysis"] = statistics.median(rates)

# chipfit scan: a generated repository of 10,000 files (scripts/scan-corpus), the toolchain
# alone and every site against every certified chip's stack as JSON.
repo = os.path.join(work, "scan-repo")
subprocess.check_call([sys.executable, "scripts/scan-corpus", repo, "10000"])
scan_yaml_wall, _, scan_rss = run([chipfit, "scan", repo, "--format", "yaml"], repeat=5)
scan_json_wall, _, _ = run([chipfit, "scan", repo, "--format", "json", "--as-of", "2026-12-01"], repeat=3, measure_rss=False)

def verdict(ok): return "met" if ok else "**not met**"
print(f"corpus: {n} generated specs ({sum(os.path.getsize(f) for f in files) / 1024:.0f} KiB); "
      f"machine: {os.cpu_count()} cores; medians of 21 rounds of the scans and validations taking turns, 11 runs of the rest "
      f"(21 for one file, {len(inproc_runs)} for the in-process plan, {len(rates)} for llm-analysis, 1 for check-jsonschema)\n")
print("| measure | chipfit | reference | ratio | target | |")
print("| --- | ---: | ---: | ---: | --- | --- |")
r = val_wall / scan_wall
print(f"| validate corpus (wall) | {val_wall*1000:.0f} ms | raw libyaml event scan {scan_wall*1000:.0f} ms | {r:.2f}× | ≤ 3× | {verdict(r <= 3)} |")
lo, hi = middle_half(rounds[2], rounds[0])
print(f"| validate corpus, round by round (wall) | | | {lo:.2f}–{hi:.2f}× | | the middle half of the {len(rounds[0])} rounds' own ratios (the machine's drift) |")
r = val_wall / scan_all_wall
print(f"| validate corpus (wall), against every byte it reads | {val_wall*1000:.0f} ms | scan of the corpus and the {len(profile_files)} profiles {scan_all_wall*1000:.0f} ms | {r:.2f}× | | context |")
r = named_wall / scan_wall
print(f"| validate corpus, {n:,} files named (wall) | {named_wall*1000:.0f} ms | raw libyaml event scan {scan_wall*1000:.0f} ms | {r:.2f}× | ≤ 3× | {verdict(r <= 3)} |")
lo, hi = middle_half(rounds[3], rounds[0])
print(f"| validate corpus, {n:,} files named, round by round (wall) | | | {lo:.2f}–{hi:.2f}× | | the same |")
if "check-jsonschema" in peers:
    r = peers["check-jsonschema"] / val_wall
    print(f"| validate corpus (wall) | {val_wall*1000:.0f} ms | check-jsonschema {peers['check-jsonschema']*1000:.0f} ms | {r:.0f}× faster | ≥ 50× | {verdict(r >= 50)} |")
else:
    print("| vs check-jsonschema | – | not installed (scripts/schema-checks installs it) | – | ≥ 50× | skipped |")
if "llm-analysis" in peers:
    r = rate / peers["llm-analysis"]
    print(f"| configurations evaluated per second ({os.cpu_count()} cores) | {rate:,.0f} | llm-analysis 0.2.2 {peers['llm-analysis']:,.0f} | {r:,.0f}× | ≥ 1,000× | {verdict(r >= 1000)} |")
    if rate_one_core:
        print(f"| configurations evaluated per second (one core) | {rate_one_core:,.0f} | llm-analysis 0.2.2 {peers['llm-analysis']:,.0f} | {rate_one_core / peers['llm-analysis']:,.0f}× | | context |")
else:
    print(f"| configurations evaluated per second | {rate:,.0f} | llm-analysis not installed | – | ≥ 1,000× | skipped |")
print(f"| plan corpus × full catalogue (in process, wall) | {plan_ms:.0f} ms | | | | context |")
# The user-facing form of the same target: loading, planning and writing the JSON plan.
print(f"| plan corpus × full catalogue (CLI, JSON, CPU incl. loading and rendering) | {plan_cpu*1000:.0f} ms | wall {plan_wall*1000:.0f} ms | | < 2 s | {verdict(plan_cpu < 2)} |")
if scan_ins and val_ins:
    r = val_ins / scan_ins
    print(f"| validate corpus (instructions, callgrind) | {val_ins / 1e6:,.0f} M | raw libyaml event scan {scan_ins / 1e6:,.0f} M | {r:.1f}× | | repeatable |")
    print(f"| validate one small file (instructions) | {one_ins / 1e6:,.1f} M | | | | |")
    if plan_ins:
        print(f"| plan {len(files[:200])} specs × full catalogue (CLI, JSON, instructions) | {plan_ins / 1e9:,.2f} G | | | | repeatable |")
else:
    print("| instructions (callgrind) | – | valgrind missing or unable to read the binary | – | | skipped |")
print(f"| validate one small file (wall, start-up) | {one_wall*1000:.1f} ms | | | < 20 ms | {verdict(one_wall < 0.020)} |")
print(f"| scan 10,000 files (wall; toolchain, YAML) | {scan_yaml_wall*1000:.0f} ms | | | < 2 s | {verdict(scan_yaml_wall < 2)} |")
print(f"| scan 10,000 files (wall; every site × every certified stack, JSON) | {scan_json_wall*1000:.0f} ms | peak RSS of the YAML run {scan_rss:.0f} MiB | | < 2 s | {verdict(scan_json_wall < 2)} |")
print(f"| peak RSS, validate / plan corpus | {val_rss:.0f} / {plan_rss:.0f} MiB | | | < 150 MB | {verdict(max(val_rss, plan_rss) * 1.048576 < 150)} |")
shutil.rmtree(work)
