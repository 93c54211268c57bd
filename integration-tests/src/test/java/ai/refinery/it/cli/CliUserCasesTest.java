package ai.refinery.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3ProxyServer;
import ai.refinery.jobs.Main;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each case of issue 17 (the {@code refinery} command as a new user meets it) replayed through the
 * command line ({@link Main#run}, in this JVM with the shared Spark session and the launcher's own
 * {@code etc/log4j2.properties}): the exit code, the first line on the console, and that nothing
 * was written outside the run folder. User errors (exit 2) must come before any Spark job where the
 * spec alone shows them, print no stack trace and leave no run folder behind.
 */
@Timeout(900)
class CliUserCasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Swap OUT = new Swap();
  private static final Swap ERR = new Swap();
  private static final AtomicInteger SPARK_JOBS = new AtomicInteger();
  private static PrintStream oldOut;
  private static PrintStream oldErr;
  private static URI oldLogConfig;
  private static SparkSession spark;
  private static Path dir;
  private static String table;

  /** An output stream whose target changes per case (log4j's console keeps one stream). */
  private static final class Swap extends OutputStream {
    private volatile OutputStream target = OutputStream.nullOutputStream();

    @Override
    public void write(int b) throws java.io.IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      target.write(b, off, len);
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSession.get();
    dir = SparkTestSession.newDir("cli-cases");
    table = dir.resolve("input").toString();
    // the parent of every case's run folder, as a user's output folder already exists: a case
    // may create its own run folder only
    Files.createDirectories(dir.resolve("runs"));
    DeltaIO.overwrite(TinyData.mixed(spark, 80, 5), table, null, 0);
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart e) {
                SPARK_JOBS.incrementAndGet();
              }
            });
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
    // the console the launcher's users get, bound to the swapped System.err
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    oldLogConfig = ctx.getConfigLocation();
    ctx.setConfigLocation(Path.of("..", "etc", "log4j2.properties").toAbsolutePath().toUri());
  }

  @AfterAll
  static void tearDown() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    if (oldLogConfig != null) {
      ((LoggerContext) LogManager.getContext(false)).setConfigLocation(oldLogConfig);
    }
  }

  private record Result(int code, String out, String err, int sparkJobs) {
    String firstLine() {
      return err.isEmpty() ? "" : err.split("\n", 2)[0];
    }

    String all() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Files under the test folder with their size and time, except those under {@code except}. */
  private static Map<String, String> files(Path except) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (except != null && p.startsWith(except)) {
          continue;
        }
        m.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p)
                ? "dir"
                : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return m;
  }

  /** Runs the command line with {@code stdin}; nothing may change outside {@code runFolder}. */
  private static Result cliWithInput(Path runFolder, String stdin, String... args)
      throws Exception {
    Map<String, String> before = files(runFolder);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream oldIn = System.in;
    OUT.target = out;
    ERR.target = err;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    int jobs0 = SPARK_JOBS.get();
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.out.flush();
      System.err.flush();
      OUT.target = OutputStream.nullOutputStream();
      ERR.target = OutputStream.nullOutputStream();
      System.setIn(oldIn);
    }
    Result r =
        new Result(
            code,
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8),
            SPARK_JOBS.get() - jobs0);
    assertEquals(
        before, files(runFolder), "written outside the run folder " + runFolder + "\n" + r.all());
    assertFalse(r.err().contains("\tat "), "a stack trace on the console\n" + r.all());
    return r;
  }

  private static Result cli(Path runFolder, String... args) throws Exception {
    return cliWithInput(runFolder, "", args);
  }

  private static Path run(String name) {
    return dir.resolve("runs").resolve(name);
  }

  /** A spec over the test table, its run folder under runs/NAME, with more keys. */
  private static Path spec(String name, String more) throws Exception {
    return specOn(name, "{table: " + table + "}", more);
  }

  private static Path specOn(String name, String input, String more) throws Exception {
    Path f = dir.resolve("specs").resolve(name + ".yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "name: "
            + name
            + "\ninput: "
            + input
            + "\nlabel: label\n"
            + "exclude: [id]\noutput: {dir: "
            + run(name)
            + "}\n"
            + more);
    return f;
  }

  private static final String LOGREG =
      "estimator: {type: logistic-regression, params:" + " {maxIter: 5}}\nmetric: accuracy\n";
  private static final String TUNE =
      "folds: {numFolds: 2}\n"
          + LOGREG
          + "tuning: {strategy:"
          + " random, maxTrials: 2, space: [{name: regParam, type: continuous, min: 0.001, max: 1.0,"
          + " scaling: log}]}\n";

  /** A user error: exit 2, the message first, before any Spark job, no run folder left. */
  private static Result userError(
      String name, String job, String spec, String firstLine, String... more) throws Exception {
    Path f = spec(name, spec);
    String[] args =
        Stream.concat(Stream.of(job, "--spec", f.toString()), Stream.of(more))
            .toArray(String[]::new);
    Result r = cli(run(name), args);
    assertEquals(2, r.code(), r.all());
    assertTrue(r.firstLine().startsWith(firstLine), "first line\n" + firstLine + "\n" + r.all());
    assertFalse(Files.exists(run(name)), "a failed run left its folder\n" + r.all());
    return r;
  }

  private static void beforeSpark(Result r) {
    assertEquals(
        0, r.sparkJobs(), "the spec alone shows the error: no Spark job may run\n" + r.all());
  }

  // ------------------------------------------------------------------ specs a user would write

  @Test
  void xgboostParamsWhereAUserPutsThem() throws Exception {
    Path f =
        spec(
            "xgb",
            "folds: {numFolds: 2}\nestimator: {type: xgboost-classifier, params:"
                + " {numRound: 3, max_depth: 2, eta: 0.3, minChildWeight: 1.0}}\nmetric: accuracy\n"
                + "tuning: {strategy: random, maxTrials: 2, space: [{name: max_depth, type: integer,"
                + " min: 2, max: 3}]}\n");
    Result r = cli(run("xgb"), "tune", "--spec", f.toString(), "--set", "tuning.maxTrials=1");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("best accuracy = ") && r.out().contains("{max_depth="), r.all());
    JsonNode m = JSON.readTree(run("xgb").resolve("manifest.json").toFile());
    assertEquals(1, m.path("spec").path("tuning").path("maxTrials").asInt());

    Result unknown =
        userError(
            "xgb-bad",
            "tune",
            "folds: {numFolds: 2}\nestimator: {type:"
                + " xgboost-classifier, params: {numRound: 3}}\ntuning: {maxTrials: 2, space: [{name:"
                + " max_dpth, type: integer, min: 2, max: 3}]}\n",
            "refinery tune: Key"
                + " 'tuning.space[0]' (name max_dpth): Range 'max_dpth': unknown param 'max_dpth' on"
                + " RefineryXGBoostClassifier");
    beforeSpark(unknown);
    beforeSpark(
        userError(
            "xgb-bad-param",
            "cv",
            "estimator: {type: xgboost-classifier, params:" + " {numRounds: 3}}\n",
            "refinery cv: Unknown param 'numRounds' (estimator.params.numRounds)"
                + " for RefineryXGBoostClassifier and the XGBoost estimator it wraps. Its params: foldCol,"
                + " validationFold, validationIndicatorCol, xgboost; XGBoost's: "));
  }

  @Test
  void theWholeSpecIsCheckedBeforeSparkWork() throws Exception {
    beforeSpark(
        userError(
            "space-unknown",
            "tune",
            TUNE.replace("name: regParam", "name: regParm"),
            "refinery tune: Key 'tuning.space[0]' (name regParm): Range 'regParm': unknown param"
                + " 'regParm' on LogisticRegression"));
    beforeSpark(
        userError(
            "param-unknown",
            "train",
            "estimator: {type: logistic-regression," + " params: {maxIters: 5}}\n",
            "refinery train: Unknown param 'maxIters'"
                + " (estimator.params.maxIters) for LogisticRegression. Its params: aggregationDepth,"));
    beforeSpark(
        userError(
            "numfolds",
            "cv",
            TUNE.replace("numFolds: 2", "numFolds: 2.5"),
            "refinery cv: Key 'folds.numFolds' in job spec "
                + dir.resolve("specs/numfolds.yaml")
                + " has the wrong type: expected a whole number but is 2.5"));
    beforeSpark(
        userError(
            "type-float",
            "tune",
            TUNE.replace("type: continuous", "type: float"),
            "refinery tune: Key 'tuning.space[0]' (name regParam): Range 'regParam': unknown type"
                + " 'float'; expected continuous, integer or categorical (a range of real numbers is"
                + " 'continuous'; add scaling: log for a log scale)"));
    beforeSpark(
        userError(
            "parallel",
            "tune",
            TUNE.replace("maxTrials: 2", "maxTrials: 2," + " parallelism: 10"),
            "refinery tune: Key 'tuning.parallelism' is 10 but"
                + " tuning.maxTrials is 2: no more trials can run at once than run in all. Set"
                + " parallelism to at most 2, or raise maxTrials."));
  }

  @Test
  void suggestRefusesANonFiniteValue() throws Exception {
    Path space = dir.resolve("specs/space.json");
    Files.createDirectories(space.getParent());
    Files.writeString(
        space,
        "{\"params\": [{\"name\": \"x\", \"type\": \"continuous\", \"min\":" + " 0, \"max\": 1}]}");
    Result r =
        cliWithInput(
            null,
            "{\"trial\": 0, \"value\": 1e999}\n",
            "suggest",
            "--space",
            space.toString(),
            "--max-trials",
            "2",
            "--seed",
            "1");
    assertEquals(2, r.code(), r.all());
    assertTrue(
        r.firstLine()
            .startsWith(
                "refinery suggest: stdin line 1: 'value' Infinity is not a" + " finite number"),
        r.all());
    assertFalse(r.err().contains("best so far"), r.all());
  }

  @Test
  void anyInputAUserHas() throws Exception {
    Dataset<Row> df = TinyData.mixed(spark, 60, 9);
    Path csv = dir.resolve("data/semicolon-csv");
    df.coalesce(1).write().option("header", "true").option("delimiter", ";").csv(csv.toString());
    Path parquet = dir.resolve("data/parquet");
    df.write().parquet(parquet.toString());
    Path json = dir.resolve("data/json");
    df.write().json(json.toString());
    spark.sql("DROP TABLE IF EXISTS cli_cases_input");
    // the catalog lives in memory but its folder stays in the shared warehouse between test runs
    Path location = SparkTestSession.outDir().resolve("warehouse/cli_cases_input");
    if (Files.exists(location)) {
      try (Stream<Path> s = Files.walk(location)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    df.write().format("delta").saveAsTable("cli_cases_input");
    String[][] inputs = {
      {"in-csv", "{table: " + csv + ", format: csv, delimiter: ';'}", "csv"},
      {
        "in-csv-schema",
        "{table: "
            + csv
            + ", format: csv, delimiter: ';', schema: 'id LONG,"
            + " age INT, income DOUBLE, city STRING, member BOOLEAN, label INT'}",
        "csv"
      },
      {"in-parquet", "{table: " + parquet + ", format: parquet}", "parquet"},
      {"in-json", "{table: " + json + ", format: json}", "json"},
      {"in-catalog", "{table: cli_cases_input}", "table"},
      {"in-delta", "{table: " + table + "}", "delta"}
    };
    for (String[] in : inputs) {
      Path f = specOn(in[0], in[1], LOGREG);
      Result r = cli(run(in[0]), "train", "--spec", f.toString());
      assertEquals(0, r.code(), in[0] + "\n" + r.all());
      JsonNode input = JSON.readTree(run(in[0]).resolve("manifest.json").toFile()).path("input");
      assertEquals(in[2], input.path("format").asText(), in[0] + ": " + input);
      assertEquals(in[2].equals("delta"), input.has("versionRead"), in[0] + ": " + input);
      assertTrue(
          r.out().startsWith(in[2].equals("delta") ? "input " + table + " at version 0" : "input "),
          r.all());
    }
    Path f = specOn("in-bad-format", "{table: " + csv + ", format: xlsx}", LOGREG);
    Result r = cli(run("in-bad-format"), "train", "--spec", f.toString());
    assertEquals(2, r.code(), r.all());
    assertEquals(
        "refinery train: Key 'input.format' is 'xlsx'; expected one of delta, parquet,"
            + " csv, json, table (default: delta for a path, table for a catalog name).",
        r.firstLine());
    beforeSpark(r);
  }

  // ------------------------------------------------------------------ never write where the input
  // lives

  @Test
  void outputsInsideTheInputAreRefusedBeforeWork() throws Exception {
    for (String out : new String[] {table, table + "/runs/x", table + "/./"}) {
      Path f = dir.resolve("specs/into-input.yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(
          f,
          "name: into-input\ninput: {table: "
              + table
              + "}\nlabel: label\n"
              + LOGREG
              + "output: {dir: '"
              + out
              + "'}\n");
      Result r = cli(null, "train", "--spec", f.toString());
      assertEquals(2, r.code(), r.all());
      assertTrue(r.firstLine().startsWith("refinery train: Key 'output.dir' is '"), r.all());
      assertTrue(r.firstLine().contains("the job would write into its input"), r.all());
      beforeSpark(r);
    }
    Path f = dir.resolve("specs/s3-into-input.yaml");
    Files.writeString(
        f,
        "name: s3-into-input\ninput: {table: 's3a://bucket/tables/t'}\nlabel:"
            + " label\n"
            + LOGREG
            + "output: {dir: 's3://bucket//tables/t/run'}\n");
    Result s3 = cli(null, "train", "--spec", f.toString());
    assertEquals(2, s3.code(), s3.all());
    assertEquals(
        "refinery train: Key 'output.dir' is 's3://bucket//tables/t/run', inside the"
            + " input's folder ('s3a://bucket/tables/t', input.table); the job would write into its"
            + " input. Choose a folder outside it.",
        s3.firstLine());
    beforeSpark(s3);
    // an object-store run folder is never made a local folder (s3:/bucket/... in the working dir)
    assertFalse(Files.exists(Path.of("s3:")), "a local folder for an s3 output.dir");

    Path model = trainedModel();
    Path p = dir.resolve("specs/predict-into-input.yaml");
    Files.writeString(
        p,
        "name: predict-into-input\ninput: {table: "
            + table
            + "}\nmodel: "
            + model
            + "\noutput: {dir: "
            + run("predict-into-input")
            + ", predictions: "
            + table
            + "/predictions}\n");
    Result pr = cli(run("predict-into-input"), "predict", "--spec", p.toString());
    assertEquals(2, pr.code(), pr.all());
    assertEquals(
        "refinery predict: Key 'output.predictions' is '"
            + table
            + "/predictions',"
            + " inside the input's folder ('"
            + table
            + "', input.table); the job would write into"
            + " its input. Choose a folder outside it.",
        pr.firstLine());
    assertFalse(Files.exists(Path.of(table, "predictions")));
    beforeSpark(pr);
  }

  private static synchronized Path trainedModel() throws Exception {
    Path model = run("model").resolve("model");
    if (!Files.isDirectory(model)) {
      Result r = cli(run("model"), "train", "--spec", spec("model", LOGREG).toString());
      assertEquals(0, r.code(), r.all());
    }
    return model;
  }

  // ------------------------------------------------------------------ a console that helps

  @Test
  void theConsoleShowsProgressWarningsAndResultsTheLogFileTheRest() throws Exception {
    Path f = spec("quiet", "folds: {numFolds: 2}\n" + LOGREG);
    Result r = cli(run("quiet"), "cv", "--spec", f.toString());
    assertEquals(0, r.code(), r.all());
    assertFalse(r.err().contains("INFO"), r.all());
    assertTrue(r.err().contains("fold 2/2 [########################] mean accuracy 0."), r.all());
    assertFalse(r.err().contains("best fold"), r.all());
    String log = Files.readString(run("quiet").resolve("logs/refinery.log"));
    assertTrue(log.contains("INFO") && log.contains("TabularFeaturizer"), log);

    Result verbose = cli(run("quiet"), "cv", "--spec", f.toString(), "--verbose");
    assertEquals(0, verbose.code(), verbose.all());
    assertTrue(verbose.err().contains("INFO TabularFeaturizer: "), verbose.all());

    Result tune = tuneBars("tuning.space[0].max=0.5");
    assertEquals(0, tune.code(), tune.all());
    assertTrue(
        tune.err().contains("trial 2/2 [########################] best accuracy 0."), tune.all());
    assertFalse(tune.err().contains("best best") || tune.err().contains("trial 3/2"), tune.all());
    JsonNode space =
        JSON.readTree(run("tune-bars").resolve("manifest.json").toFile())
            .path("spec")
            .path("tuning")
            .path("space")
            .path(0);
    assertEquals(0.5, space.path("max").asDouble(), "--set tuning.space[0].max reached the spec");

    // the same job name with another space: the message speaks of the spec's key `name`
    Result again = tuneBars("tuning.space[0].name=elasticNetParam", "tuning.space[0].min=0.01");
    assertEquals(2, again.code(), again.all());
    assertTrue(again.firstLine().contains("Give the job a new name (key name), or"), again.all());
    assertFalse(again.err().contains("jobId"), again.all());
  }

  /** {@code refinery tune} of the TUNE spec named "tune-bars", with one --set per entry. */
  private static Result tuneBars(String... sets) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("tune", "--spec", spec("tune-bars", TUNE).toString()));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return cli(run("tune-bars"), args.toArray(new String[0]));
  }

  @Test
  void userErrorsExitWithTwoAndNoStackTrace() throws Exception {
    Result missingModel =
        userError(
            "no-model",
            "predict",
            "model: " + dir.resolve("nowhere") + "\n",
            "refinery predict: Model '"
                + dir.resolve("nowhere")
                + "' (key model) does not"
                + " exist. Give the folder a train, cv or tune run saved it to (<run folder>/model).");
    beforeSpark(missingModel);

    Result version =
        userError(
            "no-version",
            "train",
            LOGREG,
            "refinery train: Delta table '"
                + table
                + "' has no version 7 (input.version); its latest version is 0.",
            "--set",
            "input.version=7");
    assertTrue(version.sparkJobs() >= 0);

    Dataset<Row> noCity = spark.read().format("delta").load(table).drop("city");
    String noCityTable = dir.resolve("no-city").toString();
    DeltaIO.overwrite(noCity, noCityTable, null, 0);
    Path p = dir.resolve("specs/predict-missing-column.yaml");
    Files.writeString(
        p,
        "name: predict-missing-column\ninput: {table: "
            + noCityTable
            + "}\nmodel: "
            + trainedModel()
            + "\noutput: {dir: "
            + run("predict-missing-column")
            + "}\n");
    Result col = cli(run("predict-missing-column"), "predict", "--spec", p.toString());
    assertEquals(2, col.code(), col.all());
    assertTrue(
        col.firstLine().startsWith("refinery predict: ") && col.firstLine().contains("city"),
        col.all());
    assertFalse(Files.exists(run("predict-missing-column")), col.all());
  }

  @Test
  void aFailureAtRunTimeExitsWithOne() throws Exception {
    S3Bucket down =
        S3Bucket.unreachable("it-cli-down-" + System.nanoTime() % 100000, S3ProxyServer.freePort());
    down.applyTo(spark);
    Path f = specOn("s3-down", "{table: '" + down.uri("tables/t") + "'}", LOGREG);
    Result r = cli(run("s3-down"), "train", "--spec", f.toString());
    assertEquals(1, r.code(), r.all());
    assertTrue(
        r.firstLine()
            .startsWith(
                "refinery train failed: Cannot read input table '"
                    + down.uri("tables/t")
                    + "' (input.table)"),
        r.all());
    assertTrue(
        r.err()
            .contains(
                "the run log has the details: " + run("s3-down").resolve("logs/refinery.log")),
        r.all());
    assertTrue(
        Files.readString(run("s3-down").resolve("logs/refinery.log")).contains("\tat "),
        "the stack trace is in the run log");
    assertFalse(Files.exists(run("s3-down").resolve("model")), "no empty model folder is left");
  }

  @Test
  void messagesPointToWhatToDo() throws Exception {
    // null labels: the fold assigner's advice names the spec key
    Dataset<Row> nulls =
        spark
            .read()
            .format("delta")
            .load(table)
            .withColumn(
                "label",
                functions
                    .when(functions.col("id").lt(3), functions.lit(null))
                    .otherwise(functions.col("label")));
    String nullTable = dir.resolve("null-labels").toString();
    DeltaIO.overwrite(nulls, nullTable, null, 0);
    Path f = specOn("null-labels", "{table: " + nullTable + "}", "folds: {numFolds: 2}\n" + LOGREG);
    Result r = cli(run("null-labels"), "cv", "--spec", f.toString());
    assertEquals(2, r.code(), r.all());
    assertTrue(r.firstLine().contains("Set folds.handleInvalid in the spec to 'skip'"), r.all());
    Result skip =
        cli(run("null-labels"), "cv", "--spec", f.toString(), "--set", "folds.handleInvalid=skip");
    assertEquals(0, skip.code(), skip.all());

    // YAML .nan
    userError(
        "nan",
        "train",
        "estimator: {type: logistic-regression, params: {regParam:" + " .nan}}\n",
        "refinery train: Job spec "
            + dir.resolve("specs/nan.yaml")
            + ", line 6"
            + " (estimator: {type: logistic-regression, params: {regParam: .nan}}): .nan is not a"
            + " finite number; give a number such as 0.5");

    // a folder as --spec
    Result folder = cli(null, "train", "--spec", dir.resolve("specs").toString());
    assertEquals(2, folder.code(), folder.all());
    assertEquals(
        "refinery train: --spec "
            + dir.resolve("specs")
            + " is a folder; give the job"
            + " spec file (YAML, or JSON ending in .json)",
        folder.firstLine());

    // string labels: the message offers labelMapping, which then works
    Dataset<Row> strings =
        spark
            .read()
            .format("delta")
            .load(table)
            .withColumn(
                "label", functions.when(functions.col("label").equalTo(1), "yes").otherwise("no"));
    String stringTable = dir.resolve("string-labels").toString();
    DeltaIO.overwrite(strings, stringTable, null, 0);
    Path s = specOn("string-labels", "{table: " + stringTable + "}", LOGREG);
    Result str = cli(run("string-labels"), "train", "--spec", s.toString());
    assertEquals(2, str.code(), str.all());
    assertTrue(
        str.firstLine()
            .startsWith(
                "refinery train: Label column 'label' of '"
                    + stringTable
                    + "' holds string values; models need numbers. Map them in the spec with labelMapping: {"),
        str.all());
    Result mapped =
        cli(
            run("string-labels"),
            "train",
            "--spec",
            s.toString(),
            "--set",
            "labelMapping={no: 0, yes: 1}");
    assertEquals(0, mapped.code(), mapped.all());

    // a missing key names who needs it
    userError(
        "no-input",
        "train",
        LOGREG,
        "refinery train: Missing required key 'input.table'"
            + " in the job spec (every job needs it)",
        "--set",
        "input={format: delta}");

    // --set errors blame the --set
    userError(
        "set-type",
        "cv",
        "folds: {numFolds: 2}\n" + LOGREG,
        "refinery cv: --set"
            + " folds.numFolds=three: Key 'folds.numFolds' has the wrong type: expected a whole"
            + " number but is \"three\"",
        "--set",
        "folds.numFolds=three");
  }

  @Test
  void aCutCategoricalColumnIsAWarningNamingTheParam() throws Exception {
    Path f = spec("levels", LOGREG + "featurizer: {maxCategories: 2}\n");
    Result r = cli(run("levels"), "train", "--spec", f.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.err().contains("WARN TabularFeaturizer: Categorical column 'city' has"), r.all());
    assertTrue(r.err().contains("only the 2 most frequent become features"), r.all());
    assertTrue(r.err().contains("featurizer.maxCategories"), r.all());
  }

  @Test
  void helpSummariesAreWholeSentencesAndDocumentExitCodes() throws Exception {
    Result r = cli(null, "--help");
    assertEquals(0, r.code(), r.all());
    boolean inCommands = false;
    java.util.List<String> summaries = new java.util.ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.isBlank()) {
        break;
      } else if (inCommands && line.matches("  [a-z-]+ .*")) {
        summaries.add(line.trim());
      } else if (inCommands && !summaries.isEmpty()) {
        int last = summaries.size() - 1; // a summary wrapped onto the next line
        summaries.set(last, summaries.get(last) + " " + line.trim());
      }
    }
    assertTrue(summaries.size() >= 8, r.out());
    for (String summary : summaries) {
      assertTrue(summary.endsWith("."), "summary cut mid-sentence: " + summary);
    }
    assertTrue(inCommands, r.out());
    assertTrue(r.out().contains("2  a user error"), r.out());
    assertTrue(r.out().contains("logs/refinery.log"), r.out());
  }

  @Test
  void theManifestRecordsTheProjectVersion() throws Exception {
    trainedModel();
    JsonNode v = JSON.readTree(run("model").resolve("manifest.json").toFile()).path("versions");
    String version = v.path("refinery").asText();
    assertTrue(version.matches("\\d+\\.\\d+.*"), "project version, not dev/unknown: " + v);
  }
}
