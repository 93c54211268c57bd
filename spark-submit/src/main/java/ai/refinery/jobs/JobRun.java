package ai.refinery.jobs;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every job shares: the session, the spec, the run folder, the console, the manifest and the
 * metrics recorder, and the common first steps (read the pinned input, check it, build the
 * featurizer from the spec's column roles).
 */
public final class JobRun {
  final SparkSession spark;
  final JobSpec spec;
  final String job;
  final Path dir;
  final PrintStream console;
  final Manifest manifest;
  final MetricsRecorder metrics;

  public JobRun(SparkSession spark, JobSpec spec, String job, PrintStream console) {
    this.spark = spark;
    this.spec = spec;
    this.job = job;
    String name = checkName(spec, job);
    this.dir = runDir(spec);
    createRunDir(dir);
    if (!java.nio.file.Files.isWritable(dir)) {
      throw new IllegalArgumentException(
          "Output folder '"
              + dir
              + "' (output.dir) is not"
              + " writable. Choose a writable folder.");
    }
    this.console = console;
    this.manifest = new Manifest(job, spec);
    this.metrics = new MetricsRecorder(name);
  }

  /** The spec's name, checked: it names output folders. */
  static String checkName(JobSpec spec, String job) {
    String name = SpecLoader.requirePresent(spec.name(), "name", job);
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "Key 'name' is '"
              + name
              + "'; use letters, digits, '.',"
              + " '_' and '-' only (it names output folders)");
    }
    return name;
  }

  /**
   * The run folder as the spec gives it: output.dir (an object-store URI such as {@code
   * s3a://bucket/run} kept as written), or refinery-out/NAME; a local folder as an absolute path.
   */
  public static String runLocation(JobSpec spec) {
    String base =
        spec.output() != null && spec.output().dir() != null
            ? spec.output().dir()
            : "refinery-out/" + spec.name();
    return isRemote(base) ? base.trim() : Path.of(base).toAbsolutePath().normalize().toString();
  }

  /** True for a location with a URI scheme other than {@code file:} (s3a://, hdfs://, ...). */
  public static boolean isRemote(String location) {
    return location.trim().matches("[A-Za-z][A-Za-z0-9+.-]*:/.*")
        && !location.trim().regionMatches(true, 0, "file:", 0, 5);
  }

  /**
   * Creates the run folder (and records what it created, for removal after a failed run); a folder
   * that cannot be created is a user error naming output.dir.
   */
  static void createRunDir(Path dir) {
    try {
      RunFolders.create(dir);
    } catch (java.io.IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "Output folder '"
              + dir
              + "' (output.dir) cannot be"
              + " created: "
              + e.getMessage()
              + ". Choose a writable folder.",
          e);
    }
  }

  /**
   * The local run folder (log, manifest, report): output.dir, or refinery-out/NAME. A remote
   * output.dir is refused ({@link SpecCheck} says so before Spark starts).
   */
  public static Path runDir(JobSpec spec) {
    String location = runLocation(spec);
    if (isRemote(location)) {
      throw remoteRunFolder(location);
    }
    return Path.of(location);
  }

  static IllegalArgumentException remoteRunFolder(String location) {
    return new IllegalArgumentException(
        "Key 'output.dir' is '"
            + location
            + "'; the run folder (its log, manifest.json and report.html) must be a local folder."
            + " Give a local output.dir and put the model and predictions on the object store with"
            + " output.model and output.predictions.");
  }

  /** Reads the input (pinned for Delta), records what was read, checks label and rows. */
  public DeltaIO.Pinned readLabeledInput() {
    long t = System.nanoTime();
    DeltaIO.Pinned read = InputTables.read(spark, spec.input());
    String label = SpecLoader.requirePresent(spec.label(), "label", job);
    DeltaIO.Pinned in =
        new DeltaIO.Pinned(
            InputTables.mapLabel(read.data(), label, spec.labelMapping()),
            read.version(),
            read.path());
    InputTables.checkLabeled(in.data(), label, in.path(), in.version());
    if (!"regression".equals(spec.taskOrDefault())) {
      List<Row> classes = in.data().select(label).distinct().limit(2).collectAsList();
      if (classes.size() < 2) {
        throw new IllegalArgumentException(
            "Label column '"
                + label
                + "' of '"
                + in.path()
                + "' has a single class ("
                + classes.get(0).get(0)
                + "); classification needs two or"
                + " more. Set task: regression or check the table.");
      }
    }
    manifest.put("input", InputTables.manifestEntry(spec.input(), in));
    manifest.timing("read", t);
    console.println(InputTables.describe(spec.input(), in));
    return in;
  }

  /** The featurizer the spec's column roles describe. */
  public TabularFeaturizer featurizer() {
    return featurizer(spec);
  }

  /** The featurizer {@code spec}'s column roles and featurizer params describe. */
  static TabularFeaturizer featurizer(JobSpec spec) {
    TabularFeaturizer f = new TabularFeaturizer().setOutputCol("features");
    if (spec.features() != null && !spec.features().isEmpty()) {
      f.setInputCols(spec.features().toArray(new String[0]));
    } else {
      List<String> ex = new ArrayList<>();
      ex.add(spec.label());
      ex.add("fold"); // the fold column the cross-validator and tuner add is never a feature
      if (spec.group() != null) {
        ex.add(spec.group());
      }
      if (spec.exclude() != null) {
        ex.addAll(spec.exclude());
      }
      f.setExcludeCols(ex.toArray(new String[0]));
    }
    if (spec.categorical() != null) {
      f.setCategoricalCols(spec.categorical().toArray(new String[0]));
    }
    if (spec.featurizer() != null) {
      for (java.util.Map.Entry<String, Object> e : spec.featurizer().entrySet()) {
        Estimators.set(f, e.getKey(), e.getValue(), "featurizer." + e.getKey());
      }
    }
    return f;
  }

  /**
   * The featurizer followed by the spec's estimator (which {@code job} needs, with its type),
   * unfitted.
   */
  public Pipeline pipeline(String job) {
    SpecLoader.requirePresent(spec.estimator(), "estimator", job);
    SpecLoader.requirePresent(spec.estimator().type(), "estimator.type", job);
    Estimator<?> est = Estimators.create(spec.estimator(), spec.label(), "features");
    return new Pipeline().setStages(new PipelineStage[] {featurizer(), est});
  }

  /** Output location: the spec's value, or a folder under the run folder. */
  public String outputPath(String fromSpec, String defaultName) {
    return fromSpec != null ? fromSpec : dir.resolve(defaultName).toString();
  }

  /**
   * Output location as {@link #outputPath}, checked before any work starts: a location the spec
   * names (key {@code key}, local or s3a://) is created as a folder now, so that a location that
   * cannot be written fails the job at once with its key and path, not after training.
   */
  public String writableOutput(String fromSpec, String defaultName, String key) {
    String path = outputPath(fromSpec, defaultName);
    if (fromSpec != null) {
      try {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        org.apache.hadoop.fs.FileSystem fs =
            p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
          RunFolders.created(p, fs);
        }
        if (!fs.mkdirs(p)) {
          throw new java.io.IOException("the folder could not be created");
        }
      } catch (java.io.IOException | RuntimeException e) {
        String why = String.valueOf(e.getMessage());
        int nl = why.indexOf('\n');
        throw new IllegalArgumentException(
            "Output location '"
                + path
                + "' ("
                + key
                + ") is not"
                + " writable: "
                + (nl < 0 ? why : why.substring(0, nl))
                + ". Choose a writable"
                + " location.",
            e);
      }
    }
    return path;
  }

  public Path dir() {
    return dir;
  }

  public Manifest manifest() {
    return manifest;
  }

  public MetricsRecorder metrics() {
    return metrics;
  }

  /** Writes the recorded training metrics as a Delta table (once per job run). */
  public String writeMetrics() {
    if (metrics.isEmpty()) {
      return null;
    }
    String path = dir.resolve("tables/training_metrics").toString();
    Dataset<Row> df = metrics.toDataFrame(spark);
    DeltaIO.overwrite(df, path, null, 0);
    manifest.output("trainingMetrics", path);
    return path;
  }
}
