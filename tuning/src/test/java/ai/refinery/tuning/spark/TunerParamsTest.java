package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

/**
 * The tuner's model carries the tuner's params; {@code copy(extra)} reaches the nested stages;
 * {@code maxParallelTrials} is read as {@code parallelism}; the seed default follows the rule.
 */
class TunerParamsTest {
  private static HyperparameterTuner tuner(LogisticRegression lr) {
    return new HyperparameterTuner()
        .setEstimator(lr)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSearchSpace(SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1, Scaling.LOG)))
        .setStrategy("random")
        .setMaxTrials(2)
        .setParallelism(2)
        .setSeed(5);
  }

  @Test
  void copyPassesExtraToTheNestedEstimatorAndEvaluator() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(5);
    HyperparameterTuner t = tuner(lr);
    BinaryClassificationEvaluator ev = (BinaryClassificationEvaluator) t.getEvaluator();
    ParamMap extra =
        ParamMap.empty()
            .put(lr.maxIter(), 9)
            .put(ev.metricName(), "areaUnderPR")
            .put(t.maxTrials(), 4);
    HyperparameterTuner c = t.copy(extra);
    LogisticRegression copied = (LogisticRegression) c.getEstimator();
    assertNotSame(lr, copied);
    assertEquals(9, copied.getMaxIter());
    assertEquals("areaUnderPR", ((BinaryClassificationEvaluator) c.getEvaluator()).getMetricName());
    assertEquals(4, c.getMaxTrials());
    // the original is untouched
    assertEquals(5, lr.getMaxIter());
    assertEquals("areaUnderROC", ev.getMetricName());
    assertEquals(2, t.getMaxTrials());
  }

  @Test
  void modelHasTheTunersParamsAfterFitAndLoad() throws Exception {
    HyperparameterTuner t = tuner(new LogisticRegression().setMaxIter(3));
    HyperparameterTunerModel m = t.fit(TinyData.binary(SparkTestSession.get(), 40, 5));
    assertTrue(m.params().length >= 15, "model params: " + m.params().length);
    assertEquals(t.getSearchSpace(), m.getSearchSpace());
    assertEquals(2, m.getParallelism());
    assertEquals(2, m.getMaxTrials());
    assertEquals(5L, m.getSeed());
    assertEquals("random", m.getStrategy());
    assertEquals(t.getJobId(), m.getJobId());
    String path = SparkTestSession.newDir("tuner-model-params").resolve("m").toString();
    m.save(path);
    HyperparameterTunerModel loaded = HyperparameterTunerModel.load(path);
    assertEquals(m.getSearchSpace(), loaded.getSearchSpace());
    assertEquals(2, loaded.getParallelism());
    assertTrue(loaded.isSet(loaded.parallelism()));
    assertEquals(5L, loaded.getSeed());
  }

  @Test
  void maxParallelTrialsIsReadAsParallelism() throws Exception {
    HyperparameterTuner t = tuner(new LogisticRegression());
    @SuppressWarnings("deprecation")
    HyperparameterTuner same = t.setMaxParallelTrials(1);
    assertEquals(1, same.getParallelism());
    assertFalse(t.hasParam("maxParallelTrials"));
    // a tuner saved before the rename: its metadata names maxParallelTrials
    String path = SparkTestSession.newDir("tuner-old-name").resolve("t").toString();
    t.setParallelism(2).save(path);
    Path meta = Path.of(path, "metadata");
    try (Stream<Path> files = Files.list(meta)) {
      for (Path f : files.toList()) {
        if (f.toString().endsWith(".crc")) {
          Files.delete(f);
        } else if (f.getFileName().toString().startsWith("part-")) {
          String json = Files.readString(f);
          assertTrue(json.contains("\"parallelism\":2"), json);
          Files.writeString(f, json.replace("\"parallelism\"", "\"maxParallelTrials\""));
        }
      }
    }
    HyperparameterTuner loaded = HyperparameterTuner.load(path);
    assertEquals(2, loaded.getParallelism());
    assertTrue(loaded.isSet(loaded.parallelism()));
  }

  @Test
  void seedDefaultIsTheClassNameHash() {
    assertEquals(
        (long) HyperparameterTuner.class.getName().hashCode(), new HyperparameterTuner().getSeed());
  }
}
