import { describe, expect, it } from "vitest";
import { parseZerovmArgs, UsageError } from "./zerovm_args.js";

describe("parseZerovmArgs", () => {
  it("takes flags, values and the manifest in any order", () => {
    const args = parseZerovmArgs(["-sP", "m.manifest", "-t1", "-v", "3", "-T/tmp/t", "-FQ"]);
    expect(args).toMatchObject({
      manifest: "m.manifest",
      skipValidation: true,
      noPreallocation: true,
      quitBeforeRun: true,
      skipQualification: true,
      reportMode: 1,
      verbosity: 3,
      tracePath: "/tmp/t",
    });
  });

  it("accepts the legacy -M switch", () => {
    expect(parseZerovmArgs(["-M", "x.manifest"]).manifest).toBe("x.manifest");
  });

  it("refuses a second manifest as ZeroVM does", () => {
    expect(() => parseZerovmArgs(["a", "b"])).toThrow(UsageError);
    try {
      parseZerovmArgs(["a", "-M", "b"]);
    } catch (error) {
      expect((error as UsageError).stdoutText).toBe("2nd manifest encountered\n");
    }
  });

  it("names an unknown switch the way getopt does", () => {
    try {
      parseZerovmArgs(["-X", "m"]);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).stderrText).toBe("zerovm: invalid option -- 'X'\n");
    }
  });

  it("complains about a switch without its value", () => {
    try {
      parseZerovmArgs(["m", "-t"]);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).stderrText).toBe("zerovm: option requires an argument -- 't'\n");
    }
  });

  it("reads -t and -v like C atoi", () => {
    expect(parseZerovmArgs(["-t", " 2x", "m"]).reportMode).toBe(2);
    expect(parseZerovmArgs(["-v", "abc", "m"]).verbosity).toBe(0);
  });

  it("knows our own long options", () => {
    expect(parseZerovmArgs(["--demo", "--stats"])).toMatchObject({ demo: true, stats: true });
  });
});
