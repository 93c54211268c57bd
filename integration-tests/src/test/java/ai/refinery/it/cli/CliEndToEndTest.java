package ai.refinery.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code refinery} command as a user runs it: a separate JVM (the class SparkSubmit runs, with
 * Java 17's flags), a YAML spec on disk, exit codes, stdout and the files it writes.
 */
class CliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static String table;

  @BeforeAll
  static void table() {
    dir = SparkTestSession.newDir("cli");
    table = dir.resolve("input").toString();
    DeltaIO.overwrite(TinyData.mixed(SparkTestSession.get(), 150, 11), table, null, 0);
  }

  private record Result(int code, String out, String err) {}

  private static Process start(String... args) throws Exception {
    // short runs on tiny data: the C2 compiler and a parallel GC cost more CPU than they save
    return RefineryCli.start(dir, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
  }

  private static Result run(String... args) throws Exception {
    Process p = start(args);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "refinery did not finish");
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void cvJobFromAYamlSpec() throws Exception {
    Path spec = dir.resolve("cv.yaml");
    Files.writeString(
        spec,
        "name: cli-cv\ninput: {table: "
            + table
            + "}\nlabel: label\n"
            + "exclude: [id]\nfolds: {strategy: stratified, numFolds: 2}\n"
            + "estimator: {type: logistic-regression, params: {maxIter: 20}}\nmetric: accuracy\n"
            + "output: {dir: "
            + dir.resolve("runs/cv")
            + "}\n");
    Result r = run("cv", "--spec", spec.toString(), "--set", "folds.seed=7");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("2-fold StratifiedKFold: accuracy = "), r.out());
    JsonNode manifest = JSON.readTree(dir.resolve("runs/cv/manifest.json").toFile());
    assertEquals(0, manifest.path("input").path("versionRead").asInt());
    assertEquals(7, manifest.path("spec").path("folds").path("seed").asInt());
    assertTrue(Files.exists(dir.resolve("runs/cv/report.html")));
    assertTrue(Files.isDirectory(dir.resolve("runs/cv/model")));
  }

  @Test
  void specErrorsExitWithTwoAndNameTheKey() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        "name: bad\ninput: {table: "
            + table
            + "}\nlabel: label\n"
            + "folds: {stratgy: stratified}\nestimator: {type: logistic-regression}\n");
    Result r = run("cv", "--spec", spec.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("Unknown key 'folds.stratgy'"), r.err());
    Result missing = run("train", "--spec", dir.resolve("absent.yaml").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  @Test
  void suggestSpeaksJsonLinesOverStdinAndStdout() throws Exception {
    Path space = dir.resolve("space.json");
    Files.writeString(
        space,
        "{\"direction\": \"minimize\", \"params\": [{\"name\": \"x\", \"type\":"
            + " \"continuous\", \"min\": -5, \"max\": 5}]}");
    Process p =
        start(
            "suggest",
            "--space",
            space.toString(),
            "--strategy",
            "bayesian",
            "--seed",
            "3",
            "--max-trials",
            "8");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 8; i++) {
      JsonNode s = JSON.readTree(out.readLine());
      double x = s.path("params").path("x").asDouble();
      double value = (x - 1) * (x - 1);
      best = Math.min(best, value);
      in.write("{\"trial\": " + s.path("trial").asInt() + ", \"value\": " + value + "}\n");
      in.flush();
    }
    JsonNode last = JSON.readTree(out.readLine());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue());
    assertEquals(best, last.path("best").path("value").asDouble(), 1e-12);
    assertTrue(out.readLine() == null, "nothing else on stdout");
    assertTrue(new File(System.getProperty("java.home")).exists());
  }

  @Test
  void aKilledTuningJobResumesWithoutRerunningFinishedTrials() throws Exception {
    Path spec = dir.resolve("tune.yaml");
    Path run = dir.resolve("runs/tune");
    Files.writeString(
        spec,
        "name: cli-tune\ninput: {table: "
            + table
            + "}\nlabel: label\n"
            + "exclude: [id]\nfolds: {strategy: stratified, numFolds: 2}\n"
            + "estimator: {type: logistic-regression, params: {maxIter: 10}}\nmetric: accuracy\n"
            + "tuning: {strategy: random, maxTrials: 5, space: [{name: regParam, type: continuous,"
            + " min: 0.0001, max: 1.0, scaling: log}]}\noutput: {dir: "
            + run
            + "}\n");
    Path history = run.resolve("tables/trials/_delta_log");
    Process p = start("tune", "--spec", spec.toString());
    p.getOutputStream().close();
    drain(p.getInputStream());
    drain(p.getErrorStream());
    // kill the driver once trials are committed to the history (a Delta commit per trial)
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (commits(history) < 2 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(p.isAlive(), "the job finished before it could be killed; make it longer");
    p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    List<Row> before = trials(run);
    assertTrue(before.size() >= 1 && before.size() < 5, "trials before the kill: " + before.size());

    Result again = run("tune", "--spec", spec.toString());
    assertEquals(0, again.code(), again.err());
    List<Row> after = trials(run);
    assertEquals(5, after.size(), "every trial exactly once: " + after);
    assertEquals(5, after.stream().map(r -> r.getInt(0)).distinct().count());
    for (Row r : before) {
      assertTrue(after.contains(r), "finished trial " + r + " was kept as it was, not rerun");
    }
    assertTrue(again.err().contains("resumed job 'cli-tune' (key name): "), again.err());
  }

  /** (trial_id, params) of the trial history in run folder {@code run}. */
  private static List<Row> trials(Path run) {
    return SparkTestSession.get()
        .read()
        .format("delta")
        .load(run.resolve("tables/trials").toString())
        .select("trial_id", "params")
        .collectAsList();
  }

  private static void drain(java.io.InputStream in) {
    Thread t =
        new Thread(
            () -> {
              try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              } catch (java.io.IOException e) {
                // the process was killed
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static long commits(Path deltaLog) throws Exception {
    if (!Files.isDirectory(deltaLog)) {
      return 0;
    }
    try (var files = Files.list(deltaLog)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }
}
