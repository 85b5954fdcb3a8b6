/**
 * The `zerovm` command line, parsed like ZeroVM's getopt string
 * `-PFQst:v:M:T:`: options and operands may be mixed, the first operand (or
 * `-M`) names the manifest, a second one is an error. Our own switches are
 * long options, which ZeroVM never had, so they cannot clash.
 */

/** Parsed switches. */
export interface ZerovmArgs {
  manifest?: string;
  skipValidation: boolean;
  quitBeforeRun: boolean;
  noPreallocation: boolean;
  skipQualification: boolean;
  reportMode: number;
  verbosity: number;
  tracePath?: string;
  /** `--stats`: our own diagnostics on stderr. */
  stats: boolean;
  /** `--demo`: run the embedded demo instead of a manifest. */
  demo: boolean;
  /** `--help`: usage on stdout, exit 0. */
  help: boolean;
}

/** A command-line error: what getopt or ZeroVM print before the usage. */
export class UsageError extends Error {
  constructor(
    /** Text for stderr (getopt's complaint), may be empty. */
    readonly stderrText: string,
    /** Text for stdout before the usage screen, may be empty. */
    readonly stdoutText: string,
  ) {
    super(stderrText || stdoutText);
  }
}

const FLAG_SWITCHES = "PFQs";
const VALUE_SWITCHES = "tvMT";

/** ZeroVM's usage screen (stdout, exit 22 on bad use). */
export const USAGE =
  "\x1b[1m\x1b[37mZeroVM tag1\x1b[0m lightweight VM manager, build 2013-12-02\n" +
  "Usage: <manifest> [-v#] [-T#] [-stFPQ]\n\n" +
  " -s skip validation\n" +
  " -t <0..2> report to stdout/log/fast (default 0)\n" +
  " -v <0..3> log verbosity (default 0)\n" +
  " -F quit right before starting user session\n" +
  " -P disable channels space preallocation\n" +
  " -Q disable platform qualification\n" +
  " -T enable time/call tracing\n";

/** Our own additions, shown by `--help`. */
export const EXTRA_USAGE =
  "\nzerovm-ts additions:\n" +
  " --demo  run the embedded demo program and print its output and report\n" +
  " --stats print zerovm-ts diagnostics (instructions, time) on stderr\n" +
  " --help  print this help and exit\n";

/** C atoi: leading blanks, optional sign, digits; anything else stops it. */
function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1], 10) | 0 : 0;
}

/** Parses argv (without node and script). @throws UsageError */
export function parseZerovmArgs(argv: readonly string[]): ZerovmArgs {
  const args: ZerovmArgs = {
    skipValidation: false,
    quitBeforeRun: false,
    noPreallocation: false,
    skipQualification: false,
    reportMode: 0,
    verbosity: 0,
    stats: false,
    demo: false,
    help: false,
  };
  const setManifest = (name: string): void => {
    if (args.manifest !== undefined) throw new UsageError("", "2nd manifest encountered\n");
    args.manifest = name;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--demo" || arg === "--stats" || arg === "--help") {
      args[arg.slice(2) as "demo" | "stats" | "help"] = true;
      continue;
    }
    if (arg === "--") {
      argv.slice(i + 1).forEach(setManifest);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      setManifest(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const option = arg[j];
      if (FLAG_SWITCHES.includes(option)) {
        applyFlag(args, option);
        continue;
      }
      if (!VALUE_SWITCHES.includes(option)) {
        throw new UsageError(`zerovm: invalid option -- '${option}'\n`, "");
      }
      let value = arg.slice(j + 1);
      if (value === "") {
        if (i + 1 >= argv.length) {
          throw new UsageError(`zerovm: option requires an argument -- '${option}'\n`, "");
        }
        value = argv[++i];
      }
      applyValue(args, option, value, setManifest);
      break;
    }
  }
  return args;
}

function applyFlag(args: ZerovmArgs, option: string): void {
  if (option === "P") args.noPreallocation = true;
  else if (option === "F") args.quitBeforeRun = true;
  else if (option === "Q") args.skipQualification = true;
  else args.skipValidation = true;
}

function applyValue(
  args: ZerovmArgs,
  option: string,
  value: string,
  setManifest: (name: string) => void,
): void {
  if (option === "t") args.reportMode = atoi(value);
  else if (option === "v") args.verbosity = atoi(value);
  else if (option === "T") args.tracePath = value;
  else setManifest(value);
}
