package ai.refinery.estimators.feature;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.internal.SparkBridge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * A fitted {@link TabularFeaturizer}: the learned fill values, missing indicators and category
 * levels, applied with built-in SQL expressions and one vector assembly.
 */
public class TabularFeaturizerModel extends Model<TabularFeaturizerModel>
    implements FeaturizerParams, MLWritable {
  private final String uid;
  private final FeaturizerParamSet p;
  private final List<FeatureBlock> blocks;

  public TabularFeaturizerModel(String uid, List<FeatureBlock> blocks) {
    this.uid = uid;
    this.p = new FeaturizerParamSet(this);
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public String uid() {
    return uid;
  }

  public TabularFeaturizerModel setOutputCol(String col) {
    set(p.outputCol, col);
    return this;
  }

  @Override
  public FeaturizerParamSet featurizerParamSet() {
    return p;
  }

  /** What was learned per input column, in vector order. */
  public List<FeatureBlock> blocks() {
    return blocks;
  }

  /** Length of the features vector. */
  public int numFeatures() {
    return blocks.stream().mapToInt(FeatureBlock::width).sum();
  }

  /** Names of the vector's slots, in order. */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    blocks.forEach(b -> names.addAll(b.slotNames()));
    return names;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    for (FeatureBlock b : blocks) {
      DataType t = SchemaChecks.requireColumn(schema, b.column(), "inputCols").dataType();
      boolean ok =
          b.categorical()
              ? (t instanceof StringType || t instanceof BooleanType || t instanceof NumericType)
              : t instanceof NumericType;
      if (!ok) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param inputCols) was %s at fit time but is %s now. Cast it back or"
                    + " refit the featurizer.",
                b.column(), b.categorical() ? "categorical" : "numeric", t.catalogString()));
      }
    }
    return SchemaChecks.appendColumn(
        schema, getOutputCol(), "outputCol", new VectorUDT(), false, vectorMetadata());
  }

  private Metadata vectorMetadata() {
    List<String> names = featureNames();
    Attribute[] attrs = new Attribute[names.size()];
    for (int i = 0; i < attrs.length; i++) {
      attrs[i] = NumericAttribute.defaultAttr().withName(names.get(i)).withIndex(i);
    }
    return new AttributeGroup(getOutputCol(), attrs).toMetadata();
  }

  /** Suffix of the two array columns {@link #prepare} adds (after the output column's name). */
  public static final String VALUES_SUFFIX = "__values";

  public static final String LEVELS_SUFFIX = "__levels";

  /**
   * The transform without its last step: adds {@code <outputCol>__values} (array&lt;double&gt;:
   * imputed numeric values and missing indicators) and {@code <outputCol>__levels}
   * (array&lt;int&gt;: each categorical column's level index, -1 for other levels), computed with
   * built-in SQL expressions only, so GPU-accelerated SQL can run all of it. {@link #transform}
   * assembles these into the vector; a GPU job can cache this output and assemble last.
   */
  public Dataset<Row> prepare(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Layout l = layout();
    String values = getOutputCol() + VALUES_SUFFIX;
    String levels = getOutputCol() + LEVELS_SUFFIX;
    for (String c : new String[] {values, levels}) {
      if (Arrays.asList(dataset.columns()).contains(c)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' already exists; it is the"
                    + " name TabularFeaturizerModel gives its prepared values (param outputCol + '%s')."
                    + " Rename it or set outputCol.",
                c, c.endsWith(VALUES_SUFFIX) ? VALUES_SUFFIX : LEVELS_SUFFIX));
      }
    }
    Column numArr =
        l.values.isEmpty()
            ? functions.array().cast("array<double>")
            : functions.array(l.values.toArray(new Column[0]));
    Column catArr =
        l.levelIndex.isEmpty()
            ? functions.array().cast("array<int>")
            : functions.array(l.levelIndex.toArray(new Column[0]));
    return dataset.toDF().withColumn(values, numArr).withColumn(levels, catArr);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> prepared = prepare(dataset);
    Layout l = layout();
    int size = l.size;
    int[] numericPositions = l.numericPositions;
    int[] offsets = l.catOffsets;
    // the one step GPU SQL cannot run: building a VectorUDT value
    UserDefinedFunction assemble =
        functions.udf(
            (UDF2<Seq<Double>, Seq<Integer>, Vector>)
                (nums, cats) -> assemble(size, numericPositions, nums, offsets, cats),
            new VectorUDT());
    String values = getOutputCol() + VALUES_SUFFIX;
    String levels = getOutputCol() + LEVELS_SUFFIX;
    return prepared
        .withColumn(
            getOutputCol(),
            assemble
                .apply(functions.col(values), functions.col(levels))
                .as(getOutputCol(), vectorMetadata()))
        .drop(values, levels);
  }

  /** The prepared values' expressions and where each lands in the vector. */
  private record Layout(
      List<Column> values,
      List<Column> levelIndex,
      int size,
      int[] numericPositions,
      int[] catOffsets) {}

  private Layout layout() {
    List<Column> values = new ArrayList<>();
    List<Column> levelIndex = new ArrayList<>();
    int[] catOffsets = new int[blocks.size()];
    int numValues = 0;
    for (FeatureBlock b : blocks) {
      if (b.categorical()) {
        continue;
      }
      Column v = functions.col(b.column()).cast("double");
      Column missing = v.isNull().or(functions.isnan(v));
      values.add(functions.when(missing, b.fill()).otherwise(v));
      numValues++;
      if (b.indicator()) {
        values.add(functions.when(missing, 1.0).otherwise(0.0));
        numValues++;
      }
    }
    // categorical slots come after the numeric ones in the vector only if the user's column order
    // says so; compute each slot's absolute position
    int pos = 0;
    int[] numericPositions = new int[numValues];
    int nv = 0;
    int ci = 0;
    for (FeatureBlock b : blocks) {
      if (b.categorical()) {
        catOffsets[ci++] = pos;
        Column v = functions.col(b.column()).cast("string");
        Column idx = functions.lit(-1);
        // CASE WHEN chain: a built-in expression, GPU-eligible, no UDF per category
        Column expr = null;
        for (int k = b.levels().size() - 1; k >= 0; k--) {
          String level = b.levels().get(k);
          Column test = level.equals(FeatureBlock.MISSING_LEVEL) ? v.isNull() : v.equalTo(level);
          expr =
              (expr == null
                  ? functions.when(test, k).otherwise(idx)
                  : functions.when(test, k).otherwise(expr));
        }
        levelIndex.add(expr == null ? idx : expr);
      } else {
        numericPositions[nv++] = pos;
        if (b.indicator()) {
          numericPositions[nv++] = pos + 1;
        }
      }
      pos += b.width();
    }
    return new Layout(values, levelIndex, pos, numericPositions, Arrays.copyOf(catOffsets, ci));
  }

  private static Vector assemble(
      int size, int[] numericPositions, Seq<Double> nums, int[] offsets, Seq<Integer> cats) {
    double[] out = new double[size];
    for (int i = 0; i < numericPositions.length; i++) {
      out[numericPositions[i]] = nums.apply(i);
    }
    for (int i = 0; i < offsets.length; i++) {
      int level = cats.apply(i);
      if (level >= 0) {
        out[offsets[i] + level] = 1.0;
      }
    }
    return Vectors.dense(out).compressed();
  }

  @Override
  public TabularFeaturizerModel copy(ParamMap extra) {
    return copyValues(new TabularFeaturizerModel(uid, blocks), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<TabularFeaturizerModel> read() {
    return new Reader();
  }

  public static TabularFeaturizerModel load(String path) {
    return read().load(path);
  }

  /** {@code metadata/} (params) and {@code data/} (one Parquet row per input column). */
  private static final class Writer extends MLWriter {
    private static final StructType DATA_SCHEMA =
        new StructType()
            .add("position", DataTypes.IntegerType, false)
            .add("column", DataTypes.StringType, false)
            .add("categorical", DataTypes.BooleanType, false)
            .add("fill", DataTypes.DoubleType, false)
            .add("indicator", DataTypes.BooleanType, false)
            .add("levels", DataTypes.createArrayType(DataTypes.StringType), false);
    private final TabularFeaturizerModel model;

    Writer(TabularFeaturizerModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkBridge.saveMetadata(model, path, sc());
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < model.blocks.size(); i++) {
        FeatureBlock b = model.blocks.get(i);
        rows.add(
            RowFactory.create(
                i,
                b.column(),
                b.categorical(),
                b.fill(),
                b.indicator(),
                b.levels().toArray(new String[0])));
      }
      sparkSession().createDataFrame(rows, DATA_SCHEMA).coalesce(1).write().parquet(path + "/data");
    }
  }

  private static final class Reader extends MLReader<TabularFeaturizerModel> {
    @Override
    public TabularFeaturizerModel load(String path) {
      String cls = TabularFeaturizerModel.class.getName();
      String uid = SparkBridge.uid(path, sc(), cls);
      List<FeatureBlock> blocks = new ArrayList<>();
      List<Row> rows =
          sparkSession().read().parquet(path + "/data").orderBy("position").collectAsList();
      for (Row r : rows) {
        blocks.add(
            new FeatureBlock(
                r.getAs("column"),
                r.getAs("categorical"),
                r.getAs("fill"),
                r.getAs("indicator"),
                r.getList(r.fieldIndex("levels"))));
      }
      TabularFeaturizerModel m = new TabularFeaturizerModel(uid, blocks);
      SparkBridge.loadParams(m, path, sc(), cls);
      return m;
    }
  }
}
