package ai.refinery.ensembles;

import ai.refinery.estimators.internal.SparkBridge;
import java.io.IOException;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Persistence of ensemble stages: Spark's {@code metadata/} for the JSON-encodable params, nested
 * stages (base and meta estimators) in {@code stages/<param>/} sub-folders.
 */
final class EnsembleIO {
  private EnsembleIO() {}

  static void writeParams(Params stage, String path, SparkContext sc) throws IOException {
    SparkBridge.saveMetadata(stage, path, sc);
    NestedStages.saveParams(stage, path);
  }

  static <T extends Params> T readParams(T instance, String path, SparkContext sc) {
    SparkBridge.loadParams(
        instance, path, sc, instance.getClass().getName(), NestedStages.stageParamNames(instance));
    NestedStages.loadParams(instance, path, sc);
    return instance;
  }

  static String uid(String path, SparkContext sc, Class<?> cls) {
    return SparkBridge.uid(path, sc, cls.getName());
  }

  /** Writer for a stage whose state is its params and nested stages (an estimator). */
  static final class ParamsWriter extends MLWriter {
    private final Params stage;

    ParamsWriter(Params stage) {
      NestedStages.requireWritable(stage);
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      try {
        writeParams(stage, path, sc());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Reader for stages written by {@link ParamsWriter}. */
  static final class ParamsReader<T extends Params> extends MLReader<T> {
    private final Class<T> cls;
    private final Function<String, T> create;

    ParamsReader(Class<T> cls, Function<String, T> create) {
      this.cls = cls;
      this.create = create;
    }

    @Override
    public T load(String path) {
      return readParams(create.apply(uid(path, sc(), cls)), path, sc());
    }
  }
}
