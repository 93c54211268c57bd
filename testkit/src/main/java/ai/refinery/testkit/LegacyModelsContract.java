package ai.refinery.testkit;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A module's {@code LegacyModelsTest}: stages and their models saved by an older version (in the
 * module's {@code src/test/resources/legacy-models/<version>}) still load, with the same params,
 * nested stages and predictions. A test class extends this and lists its {@link LegacyModels.Entry
 * entries}; {@code -Drefinery.legacy.write=true} rewrites them with the code at hand (run it with
 * the old code, once, when a format changes).
 */
public abstract class LegacyModelsContract {
  private final String version;
  private final double tolerance;

  /**
   * @param version the folder under {@code legacy-models/} (the version that saved the entries)
   * @param tolerance how far a loaded model's predictions may be from the saved ones
   */
  protected LegacyModelsContract(String version, double tolerance) {
    this.version = version;
    this.tolerance = tolerance;
  }

  /**
   * The stages to save: each estimator with its fit and prediction frames, under a unique name
   * (building them runs no Spark job; only {@code write} fits them).
   */
  protected abstract List<LegacyModels.Entry> entries(SparkSession spark);

  @Test
  @EnabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void write() {
    LegacyModels.writeAll(version, entries(SparkTestSession.get()));
  }

  @Test
  @DisabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void loadsWhatTheOldVersionSaved() {
    List<String> names =
        entries(SparkTestSession.get()).stream().map(LegacyModels.Entry::name).toList();
    LegacyModels.checkAll(getClass(), version, names, tolerance);
  }
}
