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

  /** Creates a model from uid, base models, meta model and class count. */
  interface Factory<T> {
    T create(String uid, List<Model<?>> bases, PredictionModel<Vector, ?> meta, int numClasses);
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

  static final class Reader<T extends Params> extends MLReader<T> {
    private final Class<T> cls;
    private final Factory<T> factory;

    Reader(Class<T> cls, Factory<T> factory) {
      this.cls = cls;
      this.factory = factory;
    }

    @Override
    public T load(String path) {
      String uid = NestedStages.uid(path, sc(), cls);
      List<Model<?>> bases = NestedStages.loadAll(path + "/bases", sc());
      PredictionModel<Vector, ?> meta = NestedStages.load(path + "/meta", sc());
      int k = sparkSession().read().parquet(path + "/data/info").head().getInt(0);
      return NestedStages.loadParams(factory.create(uid, bases, meta, k), path, sc());
    }
  }
}
