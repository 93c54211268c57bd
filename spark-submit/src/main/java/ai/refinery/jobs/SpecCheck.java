package ai.refinery.jobs;

import ai.refinery.ensembles.RefineryXGBoostEstimator;
import ai.refinery.estimators.params.ClosestName;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.tuning.space.SpaceSpec;
import ai.refinery.tuning.spark.ParamBinder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;

/**
 * The whole spec checked right after parsing, before Spark starts: every key the job reads, every
 * estimator and featurizer param against the real params, every search-space name against the
 * estimator, and outputs that would land in the input. Each error names the key.
 */
public final class SpecCheck {
  private static final List<String> TASKS = List.of("classification", "regression");
  private static final List<String> STRATEGIES = List.of("bayesian", "random", "grid");

  private SpecCheck() {}

  /** Checks {@code spec} for {@code job} (cv, tune, train, predict, gpu-check). */
  public static void check(JobSpec spec, String job) {
    JobRun.checkName(spec, job);
    InputTables.checkSpec(spec.input());
    if (!TASKS.contains(spec.taskOrDefault())) {
      throw new IllegalArgumentException(
          "Key 'task' is '" + spec.task() + "'; expected " + String.join(" or ", TASKS) + ".");
    }
    if (spec.labelMapping() != null) {
      for (Map.Entry<String, Double> e : spec.labelMapping().entrySet()) {
        double v = e.getValue() == null ? Double.NaN : e.getValue();
        if (!Double.isFinite(v)
            || ("classification".equals(spec.taskOrDefault()) && (v < 0 || v != Math.rint(v)))) {
          throw new IllegalArgumentException(
              "Key 'labelMapping."
                  + e.getKey()
                  + "' is "
                  + e.getValue()
                  + "; map each label value to a class index 0, 1, 2, ...");
        }
      }
    }
    boolean fits = !job.equals("predict");
    if (fits) {
      SpecLoader.requirePresent(spec.label(), "label", job);
      SpecLoader.requirePresent(spec.estimator(), "estimator", job);
      SpecLoader.requirePresent(spec.estimator().type(), "estimator.type", job);
      Estimator<?> est = Estimators.create(spec.estimator(), spec.label(), "features");
      String metric =
          spec.metric() != null ? spec.metric() : Evaluators.defaultMetric(spec.taskOrDefault());
      Evaluators.forMetric(metric, spec.label());
      PipelineStage featurizer = JobRun.featurizer(spec);
      if (job.equals("cv") || job.equals("tune")) {
        FoldStrategies.create(spec);
      }
      if (job.equals("tune")) {
        checkTuning(spec, new Pipeline().setStages(new PipelineStage[] {featurizer, est}), metric);
      }
    } else {
      String model = SpecLoader.requirePresent(spec.model(), "model", job);
      if (!model.contains("://") || model.startsWith("file:")) {
        Path p = localPath(model);
        if (!Files.isDirectory(p)) {
          throw new IllegalArgumentException(
              "Model '"
                  + model
                  + "' (key model) does not exist."
                  + " Give the folder a train, cv or tune run saved it to (<run folder>/model).");
        }
        if (!Files.isDirectory(p.resolve("metadata")) || !Files.isDirectory(p.resolve("stages"))) {
          throw new IllegalArgumentException(
              "Folder '"
                  + model
                  + "' (key model) holds no saved"
                  + " pipeline model (no metadata/ and stages/ inside). Give the model folder of a"
                  + " train, cv or tune run (<run folder>/model).");
        }
      }
    }
    checkOutputs(spec, job);
  }

  private static void checkTuning(JobSpec spec, Pipeline pipeline, String metric) {
    JobSpec.Tuning t = SpecLoader.requirePresent(spec.tuning(), "tuning", "tune");
    List<Map<String, Object>> space = SpecLoader.requirePresent(t.space(), "tuning.space", "tune");
    if (space.isEmpty()) {
      throw new IllegalArgumentException(
          "Key 'tuning.space' is empty; name at least one param"
              + " to tune, e.g. [{name: regParam, type: continuous, min: 0.0001, max: 1, scaling: log}]");
    }
    if (t.strategy() != null && !STRATEGIES.contains(t.strategy())) {
      throw new IllegalArgumentException(
          "Key 'tuning.strategy' is '"
              + t.strategy()
              + "'; expected "
              + String.join(", ", STRATEGIES)
              + ".");
    }
    if (t.direction() != null && !List.of("minimize", "maximize").contains(t.direction())) {
      throw new IllegalArgumentException(
          "Key 'tuning.direction' is '" + t.direction() + "'; expected minimize or maximize.");
    }
    int maxTrials = t.maxTrials() == null ? TuneJob.DEFAULT_MAX_TRIALS : t.maxTrials();
    if (maxTrials < 1) {
      throw new IllegalArgumentException(
          "Key 'tuning.maxTrials' is " + maxTrials + "; give 1 or more trials.");
    }
    if (t.parallelism() != null && t.parallelism() < 1) {
      throw new IllegalArgumentException(
          "Key 'tuning.parallelism' is " + t.parallelism() + "; give 1 or more.");
    }
    if (t.parallelism() != null && t.parallelism() > maxTrials) {
      throw new IllegalArgumentException(
          "Key 'tuning.parallelism' is "
              + t.parallelism()
              + " but tuning.maxTrials is "
              + maxTrials
              + (t.maxTrials() == null ? " (the default)" : "")
              + ": no more trials can run at once than run in all. Set"
              + " parallelism to at most "
              + maxTrials
              + ", or raise maxTrials.");
    }
    String direction = TuneJob.direction(t, metric);
    for (int i = 0; i < space.size(); i++) {
      String key = "tuning.space[" + i + "]";
      Object name = space.get(i).get("name");
      checkWrapperName(pipeline.getStages()[1], key, name);
      try {
        SpaceSpec one = SpaceSpec.fromJson(TuneJob.spaceJson(List.of(space.get(i)), direction));
        ParamBinder.bind(pipeline, one.space());
      } catch (IllegalArgumentException e) {
        String m =
            String.valueOf(e.getMessage()).replace("stages[1].", "").replace("params[0]", key);
        throw new IllegalArgumentException(
            "Key '" + key + "'" + (name == null ? "" : " (name " + name + ")") + ": " + m, e);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "Key '" + key + "' cannot be read: " + e.getMessage(), e);
      }
    }
  }

  /**
   * A space name on the XGBoost wrapper is the wrapper's param or any spelling of a param of the
   * XGBoost estimator it wraps; an unknown one is refused listing both and the closest name.
   */
  private static void checkWrapperName(PipelineStage est, String key, Object name) {
    if (!(est instanceof RefineryXGBoostEstimator<?, ?> w)
        || !(name instanceof String n)
        || n.contains(".")
        || w.hasParam(n)) {
      return;
    }
    List<String> own = Arrays.stream(w.params()).map(Param::name).sorted().toList();
    List<String> inner = Arrays.stream(w.getXgboost().params()).map(Param::name).sorted().toList();
    List<String> all = new ArrayList<>(own);
    all.addAll(inner);
    throw new IllegalArgumentException(
        "Key '"
            + key
            + "' (name "
            + n
            + "): Range '"
            + n
            + "': unknown param '"
            + n
            + "' on "
            + w.getClass().getSimpleName()
            + " ("
            + w.uid()
            + ") and the XGBoost estimator it wraps."
            + ClosestName.hint(n, all)
            + " Its params: "
            + String.join(", ", own)
            + "; XGBoost's: "
            + String.join(", ", inner)
            + ".");
  }

  /** Outputs must not land in the input: the run folder, output.model, output.predictions. */
  static void checkOutputs(JobSpec spec, String job) {
    String runDir = JobRun.runLocation(spec);
    String input = spec.input() == null ? null : spec.input().table();
    if (input == null || "table".equals(spec.input().formatOrDefault())) {
      // a catalog table's location is the catalog's business
      if (JobRun.isRemote(runDir)) {
        throw JobRun.remoteRunFolder(runDir);
      }
      return;
    }
    String in = normalize(input);
    String givenDir =
        spec.output() != null && spec.output().dir() != null ? spec.output().dir() : runDir;
    check(in, input, normalize(runDir), "output.dir", givenDir);
    if (JobRun.isRemote(runDir)) {
      throw JobRun.remoteRunFolder(runDir);
    }
    if (spec.output() != null) {
      if (spec.output().model() != null && !job.equals("predict")) {
        check(in, input, normalize(spec.output().model()), "output.model", spec.output().model());
      }
      if (spec.output().predictions() != null && job.equals("predict")) {
        check(
            in,
            input,
            normalize(spec.output().predictions()),
            "output.predictions",
            spec.output().predictions());
      }
    }
  }

  private static void check(String in, String input, String out, String key, String given) {
    if (out.equals(in) || out.startsWith(in + "/")) {
      throw new IllegalArgumentException(
          "Key '"
              + key
              + "' is '"
              + given
              + "', "
              + (out.equals(in) ? "the input's own folder" : "inside the input's folder")
              + " ('"
              + input
              + "', input.table); the job would write into its input. Choose a folder"
              + " outside it.");
    }
  }

  /**
   * A comparable form of a location: scheme://bucket/key for object stores (s3, s3n and s3a are
   * one), the real absolute path for local files (symbolic links resolved as far as they exist).
   */
  static String normalize(String location) {
    String s = location.trim();
    if (s.contains("://") && !s.startsWith("file:")) {
      try {
        URI u = new URI(s).normalize();
        String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("s3") || scheme.equals("s3n")) {
          scheme = "s3a";
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+", "/");
        while (path.endsWith("/")) {
          path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + (u.getAuthority() == null ? "" : u.getAuthority()) + path;
      } catch (URISyntaxException e) {
        return s;
      }
    }
    return localPath(s).toString();
  }

  /** A local path or file: URI as an absolute, real path where it exists. */
  static Path localPath(String s) {
    Path p;
    if (s.startsWith("file:")) {
      try {
        p = Path.of(new URI(s).getPath());
      } catch (URISyntaxException e) {
        p = Path.of(s.substring("file:".length()));
      }
    } else {
      p = Path.of(s);
    }
    p = p.toAbsolutePath().normalize();
    // resolve symbolic links through the longest existing ancestor
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      try {
        return existing.toRealPath().resolve(existing.relativize(p)).normalize();
      } catch (IOException e) {
        return p;
      }
    }
    return p;
  }
}
