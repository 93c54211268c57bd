package ai.refinery.ensembles;

import ai.refinery.estimators.nested.NestedStages;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;

/**
 * Loads an ensemble model saved as its params ({@link NestedStages#saveParams}) plus its own data:
 * the uid from the metadata, the model from the family's {@link Loader}, then the saved params set
 * on it.
 *
 * @param <T> the model
 */
final class ModelReader<T extends Params> extends MLReader<T> {
  /** Builds the model with {@code uid} from what is saved under {@code path} besides params. */
  interface Loader<T> {
    T load(String uid, String path, SparkSession spark);
  }

  private final Class<T> cls;
  private final Loader<T> loader;

  ModelReader(Class<T> cls, Loader<T> loader) {
    this.cls = cls;
    this.loader = loader;
  }

  @Override
  public T load(String path) {
    String uid = NestedStages.uid(path, sc(), cls);
    return NestedStages.loadParams(loader.load(uid, path, sparkSession()), path, sc());
  }
}
