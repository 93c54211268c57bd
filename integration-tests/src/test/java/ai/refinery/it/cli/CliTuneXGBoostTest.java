package ai.refinery.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's end-to-end check: {@code refinery tune} with the default Bayesian search over a mixed
 * XGBoost space (integer, log-continuous, categorical and linear ranges), 30 trials, 2 in parallel,
 * completes in a separate JVM and records every trial with the source of its point. Tiny data (150
 * rows, 2 folds) and at most 8 boosting rounds keep it short.
 */
@Tag("slow")
class CliTuneXGBoostTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bayesianTuningOfAMixedXGBoostSpaceCompletesThirtyTrialsTwoInParallel() throws Exception {
    Path dir = SparkTestSession.newDir("cli-tune-xgb");
    String table = dir.resolve("input").toString();
    DeltaIO.overwrite(TinyData.mixed(SparkTestSession.get(), 150, 5), table, null, 0);
    Path spec = dir.resolve("tune.yaml");
    Path run = dir.resolve("runs/tune");
    Files.writeString(
        spec,
        "name: xgb-tune\ninput: {table: "
            + table
            + "}\nlabel: label\n"
            + "exclude: [id]\nfolds: {strategy: stratified, numFolds: 2}\n"
            + "estimator: {type: xgboost-classifier}\nmetric: logLoss\n"
            + "tuning:\n  strategy: bayesian\n  maxTrials: 30\n  parallelism: 2\n  space:\n"
            + "    - {name: xgboost.max_depth, type: integer, min: 1, max: 6}\n"
            + "    - {name: xgboost.eta, type: continuous, min: 0.01, max: 0.5, scaling: log}\n"
            + "    - {name: xgboost.booster, type: categorical, values: [gbtree, dart]}\n"
            + "    - {name: xgboost.subsample, type: continuous, min: 0.5, max: 1.0}\n"
            + "    - {name: xgboost.numRound, type: integer, min: 2, max: 8}\n"
            + "output: {dir: "
            + run
            + "}\n");
    Process p = start(dir, "tune", "--spec", spec.toString());
    p.getOutputStream().close();
    byte[][] streams = new byte[2][];
    Thread errReader =
        new Thread(
            () -> {
              try {
                streams[1] = p.getErrorStream().readAllBytes();
              } catch (java.io.IOException e) {
                streams[1] = new byte[0];
              }
            });
    errReader.start();
    streams[0] = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "refinery tune did not finish");
    errReader.join();
    String out = new String(streams[0], StandardCharsets.UTF_8);
    String err = new String(streams[1], StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "stdout:\n" + out + "\nstderr:\n" + err);
    assertTrue(out.contains("after 30 trials"), out);

    List<Row> trials =
        SparkTestSession.get()
            .read()
            .format("delta")
            .load(run.resolve("tables/trials").toString())
            .select("trial_id", "params", "status", "objective", "source")
            .orderBy("trial_id")
            .collectAsList();
    assertEquals(30, trials.size());
    Map<String, Integer> sources = new TreeMap<>();
    for (Row r : trials) {
      assertEquals("COMPLETED", r.getString(2), "trial " + r);
      assertTrue(Double.isFinite(r.getDouble(3)), "trial " + r);
      sources.merge(r.getString(4), 1, Integer::sum);
      JsonNode params = JSON.readTree(r.getString(1));
      int depth = params.get("stages[1].xgboost.max_depth").asInt();
      double eta = params.get("stages[1].xgboost.eta").asDouble();
      String booster = params.get("stages[1].xgboost.booster").asText();
      assertTrue(
          depth >= 1
              && depth <= 6
              && eta >= 0.01
              && eta <= 0.5
              && Set.of("gbtree", "dart").contains(booster),
          "trial " + r);
    }
    // 6 space-filling points (5 ranges + 1), the rest from the model or a logged fallback
    assertEquals(6, sources.get("initial"), sources.toString());
    assertTrue(sources.getOrDefault("model", 0) > 0, sources.toString());
    assertEquals(
        Set.of(),
        new java.util.HashSet<>(sources.keySet())
            .stream()
                .filter(s -> !Set.of("initial", "model", "fallback").contains(s))
                .collect(java.util.stream.Collectors.toSet()));
    assertTrue(Files.exists(run.resolve("manifest.json")), "no manifest in " + run);
  }

  private static Process start(Path dir, String... args) throws Exception {
    return RefineryCli.start(dir, List.of("-XX:+UseSerialGC"), args);
  }
}
