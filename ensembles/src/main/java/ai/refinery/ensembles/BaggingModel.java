package ai.refinery.ensembles;

import ai.refinery.estimators.nested.NestedStages;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * What the fitted bagging models share besides their params: the members and the out-of-bag score,
 * their accessors, and their persistence (params, {@code members/}, {@code data/summary}).
 */
interface BaggingModel extends BaggingParams {
  /** The model's params and fitted members (null while Spark's constructor runs). */
  ModelState<EnsembleParamSpecs.Bagging, Fitted> state();

  @Override
  default EnsembleParamSpecs.Bagging baggingParams() {
    return ModelState.params(state());
  }

  /** The fitted members. */
  default MemberSet members() {
    return state().fitted().members;
  }

  /** The out-of-bag estimate ({@link OobScore#NONE} unless fitted with computeOob). */
  default OobScore oobScore() {
    return state().fitted().oob;
  }

  /** The members of a bagging model and its out-of-bag score (set by fit when computeOob). */
  final class Fitted implements Serializable {
    private static final long serialVersionUID = 1L;
    final MemberSet members;
    OobScore oob = OobScore.NONE;

    Fitted(MemberSet members) {
      this.members = members;
    }
  }

  /** Number of fitted members (fewer than numMembers when a listener stopped the fit). */
  default int memberCount() {
    return members().size();
  }

  /** The fitted member models, in member order. */
  default List<PredictionModel<Vector, ?>> memberModels() {
    return List.copyOf(members().models);
  }

  /** Feature indices member {@code m} sees, or null for all features. */
  default int[] memberFeatures(int m) {
    int[] idx = members().featureIndices[m];
    return idx == null ? null : idx.clone();
  }

  /**
   * The out-of-bag score stored from column {@code first} of a saved summary row (models saved
   * before oobMeanMembers was recorded lack that field).
   */
  static OobScore oob(Row s, int first) {
    double voters =
        s.schema().getFieldIndex("oobMeanMembers").isDefined()
            ? s.getDouble(s.fieldIndex("oobMeanMembers"))
            : Double.NaN;
    return new OobScore(s.getDouble(first), s.getDouble(first + 1), s.getDouble(first + 2), voters);
  }

  /**
   * Saves a bagging model: params, members, and one summary row: {@code leading} values, then the
   * out-of-bag score, second measure, coverage and mean members (the names are in {@code schema}).
   */
  final class Writer extends MLWriter {
    private final BaggingModel model;
    private final StructType schema;
    private final Row summary;

    Writer(BaggingModel model, StructType schema, Object... leading) {
      NestedStages.requireWritable(model);
      for (PredictionModel<Vector, ?> m : model.members().models) {
        NestedStages.requireWritable(model, "member model", m);
      }
      this.model = model;
      this.schema = schema;
      OobScore oob = model.oobScore();
      List<Object> values = new ArrayList<>(List.of(leading));
      values.addAll(List.of(oob.score(), oob.auc(), oob.coverage(), oob.meanMembers()));
      this.summary = RowFactory.create(values.toArray());
    }

    @Override
    public void saveImpl(String path) {
      try {
        NestedStages.saveParams(model, path, sc());
        model.members().save(path, sparkSession());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sparkSession()
          .createDataFrame(List.of(summary), schema)
          .coalesce(1)
          .write()
          .parquet(path + "/data/summary");
    }
  }

  /** Creates a model from its uid, members and saved summary row. */
  interface Factory<T> {
    T create(String uid, MemberSet members, Row summary);
  }

  /** Loads what {@link Writer} saved. */
  static <T extends Params> MLReader<T> reader(Class<T> cls, Factory<T> factory) {
    return new ModelReader<>(
        cls,
        (uid, path, spark) ->
            factory.create(
                uid,
                MemberSet.load(path, spark),
                spark.read().parquet(path + "/data/summary").head()));
  }
}
