package ai.refinery.ensembles;

import ai.refinery.estimators.nested.NestedStages;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Persistence of stacking models: params, {@code bases/NN_uid}, {@code meta/}, {@code data/info}.
 */
final class StackingModelIO {
  private static final StructType INFO =
      new StructType().add("numClasses", DataTypes.IntegerType, false);

  private StackingModelIO() {}

  /** Creates a model from its uid and its fitted base models, meta model and class count. */
  interface Factory<T> {
    T create(String uid, StackingFit.Result fitted);
  }

  static final class Writer extends MLWriter {
    private final Params model;
    private final List<Model<?>> bases;
    private final PredictionModel<Vector, ?> meta;
    private final int numClasses;

    Writer(Params model, List<Model<?>> bases, PredictionModel<Vector, ?> meta, int numClasses) {
      NestedStages.requireWritable(model);
      for (Model<?> b : bases) {
        NestedStages.requireWritable(model, "base model", b);
      }
      NestedStages.requireWritable(model, "meta model", meta);
      this.model = model;
      this.bases = bases;
      this.meta = meta;
      this.numClasses = numClasses;
    }

    @Override
    public void saveImpl(String path) {
      NestedStages.saveParams(model, path, sc());
      NestedStages.saveAll(bases, path + "/bases");
      NestedStages.save(meta, path + "/meta");
      sparkSession()
          .createDataFrame(List.of(RowFactory.create(numClasses)), INFO)
          .coalesce(1)
          .write()
          .parquet(path + "/data/info");
    }
  }

  /** Loads what {@link Writer} saved. */
  static <T extends Params> MLReader<T> reader(Class<T> cls, Factory<T> factory) {
    return new ModelReader<>(
        cls,
        (uid, path, spark) -> {
          List<Model<?>> bases = NestedStages.loadAll(path + "/bases", spark.sparkContext());
          PredictionModel<Vector, ?> meta = NestedStages.load(path + "/meta", spark.sparkContext());
          int k = spark.read().parquet(path + "/data/info").head().getInt(0);
          return factory.create(uid, new StackingFit.Result(bases, meta, k));
        });
  }
}
