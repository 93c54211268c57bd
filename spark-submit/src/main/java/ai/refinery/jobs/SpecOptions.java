package ai.refinery.jobs;

import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every spec-driven job takes: the spec file and overrides of its keys. */
final class SpecOptions {
  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "job spec, YAML or JSON (.json)")
  Path spec;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a spec key, e.g. --set folds.numFolds=10 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--gpu-profile",
      paramLabel = "NAME",
      description = "run under a RAPIDS Accelerator GPU profile (see docs/rapids-config.md)")
  String gpuProfile;

  JobSpec load() {
    return SpecLoader.load(spec, overrides);
  }
}
