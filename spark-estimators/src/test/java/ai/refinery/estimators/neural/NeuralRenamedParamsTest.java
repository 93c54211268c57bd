package ai.refinery.estimators.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * {@code layers} was renamed {@code hiddenLayers} and {@code maxRuntime} {@code maxRuntimeSeconds}:
 * the old names are still read from setters and from stages saved under them, with a WARN naming
 * the old and the new name.
 */
class NeuralRenamedParamsTest {

  /** Collects the WARNs of {@link RenamedParams} while open. */
  private static final class Warnings extends AbstractAppender implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LogManager.getLogger(RenamedParams.class.getName());

    Warnings() {
      super("renamed-params-test", null, null, true, Property.EMPTY_ARRAY);
      start();
      logger.addAppender(this);
      logger.setLevel(Level.WARN);
    }

    @Override
    public void append(LogEvent e) {
      if (e.getLevel() == Level.WARN) {
        lines.add(e.getMessage().getFormattedMessage());
      }
    }

    @Override
    public void close() {
      logger.removeAppender(this);
      stop();
    }
  }

  @Test
  void oldSettersSetTheNewParamsWithOneWarning() {
    try (Warnings w = new Warnings()) {
      @SuppressWarnings("deprecation")
      NeuralClassifier c = new NeuralClassifier().setLayers(7, 3).setMaxRuntime(12.5);
      assertArrayEquals(new int[] {7, 3}, c.getHiddenLayers());
      assertEquals(12.5, c.getMaxRuntimeSeconds());
      assertEquals(2, w.lines.size(), w.lines.toString());
      assertTrue(w.lines.get(0).contains("'layers'") && w.lines.get(0).contains("'hiddenLayers'"));
      assertTrue(w.lines.get(1).contains("'maxRuntime'"));
      assertTrue(w.lines.get(1).contains("'maxRuntimeSeconds'"));
    }
  }

  @Test
  void newNamesOnlyAndSparkMeaningDocumented() {
    NeuralRegressor r = new NeuralRegressor();
    assertFalse(r.hasParam("layers"));
    assertFalse(r.hasParam("maxRuntime"));
    assertTrue(r.hiddenLayers().doc().contains("without the input and output layers"));
    assertEquals("hiddenLayers", RenamedParams.current(r, "layers", "test"));
    assertEquals("patience", RenamedParams.current(r, "patience", "test"));
  }

  @Test
  void estimatorAndModelSavedUnderTheOldNamesLoad() throws Exception {
    Path dir = SparkTestSession.newDir("renamed-neural");
    NeuralClassifier est =
        new NeuralClassifier()
            .setHiddenLayers(5, 2)
            .setMaxRuntimeSeconds(30)
            .setMaxEpochs(2)
            .setBatchSize(16);
    String estPath = dir.resolve("estimator").toString();
    est.save(estPath);
    NeuralClassificationModel model =
        est.fit(TinyData.classification(SparkTestSession.get(), 30, 3, 4));
    String modelPath = dir.resolve("model").toString();
    model.save(modelPath);
    // what the code before the rename wrote: the same metadata under the old names
    toOldNames(Path.of(estPath));
    toOldNames(Path.of(modelPath));

    try (Warnings w = new Warnings()) {
      NeuralClassifier e2 = NeuralClassifier.load(estPath);
      assertArrayEquals(new int[] {5, 2}, e2.getHiddenLayers());
      assertEquals(30.0, e2.getMaxRuntimeSeconds());
      assertTrue(e2.isSet(e2.hiddenLayers()));
      NeuralClassificationModel m2 = NeuralClassificationModel.load(modelPath);
      assertArrayEquals(new int[] {5, 2}, m2.getHiddenLayers());
      assertEquals(30.0, m2.getMaxRuntimeSeconds());
      assertTrue(
          w.lines.stream()
              .anyMatch(l -> l.contains("'layers'") && l.contains("saved stage at " + modelPath)),
          w.lines.toString());
      // one WARN per renamed param set in each saved stage (defaults are renamed silently)
      assertEquals(4, w.lines.size(), w.lines.toString());
    }
  }

  private static void toOldNames(Path stage) throws Exception {
    try (Stream<Path> files = Files.list(stage.resolve("metadata"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        String json = Files.readString(f);
        assertTrue(json.contains("\"hiddenLayers\""), json);
        Files.writeString(
            f,
            json.replace("\"hiddenLayers\"", "\"layers\"")
                .replace("\"maxRuntimeSeconds\"", "\"maxRuntime\""));
      }
    }
    // Hadoop's checksum files would no longer match
    try (Stream<Path> files = Files.list(stage.resolve("metadata"))) {
      for (Path crc : files.filter(p -> p.toString().endsWith(".crc")).toList()) {
        Files.delete(crc);
      }
    }
  }
}
