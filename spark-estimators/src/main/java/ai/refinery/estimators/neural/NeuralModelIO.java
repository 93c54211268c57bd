package ai.refinery.estimators.neural;

import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.NestedStages;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Persistence of the neural models: {@code metadata/} (Spark's params JSON), {@code data/} (the
 * network as Parquet, see {@link NeuralModelData}) and {@code summary.json} (the training history,
 * when the model has one). No Java serialization.
 */
final class NeuralModelIO {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NeuralModelIO() {}

  /** A model that can be written. */
  interface Saved extends Params {
    NeuralModelData data();

    NeuralTrainingSummary summaryOrNull();
  }

  static final class Writer extends MLWriter {
    private final Saved model;

    Writer(Saved model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkBridge.saveMetadata(model, path, sc());
      model.data().write(sparkSession(), path + "/data");
      NeuralTrainingSummary s = model.summaryOrNull();
      if (s != null) {
        try {
          Path p = new Path(path, "summary.json");
          FileSystem fs = p.getFileSystem(sc().hadoopConfiguration());
          try (OutputStream out = fs.create(p, true)) {
            JSON.writeValue(out, s);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** A model's constructor: uid, network, training summary (or null). */
  interface Factory<M> {
    M make(String uid, NeuralModelData data, NeuralTrainingSummary summary);
  }

  /** Reads what {@link Writer} saved: the network, the summary, then the params. */
  static <M extends Saved> MLReader<M> reader(Class<M> cls, Factory<M> make) {
    return NestedStages.dataReader(
        cls,
        (uid, path, spark) ->
            make.make(uid, NeuralModelData.read(spark, path + "/data"), summary(path, spark)));
  }

  /** The saved training summary, or null. */
  private static NeuralTrainingSummary summary(String path, SparkSession spark) {
    try {
      Path p = new Path(path, "summary.json");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return null;
      }
      try (InputStream in = fs.open(p)) {
        return JSON.readValue(in, NeuralTrainingSummary.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
