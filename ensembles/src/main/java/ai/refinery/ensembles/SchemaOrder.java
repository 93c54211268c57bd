package ai.refinery.ensembles;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's probabilistic classifiers declare prediction before rawPrediction/probability in
 * transformSchema but append it last in transform; our stages declare the order transform produces,
 * so that transformSchema equals the output schema.
 */
final class SchemaOrder {
  private SchemaOrder() {}

  static StructType predictionLast(StructType schema, String predictionCol) {
    if (predictionCol == null
        || predictionCol.isEmpty()
        || !List.of(schema.fieldNames()).contains(predictionCol)) {
      return schema;
    }
    List<StructField> fields = new ArrayList<>();
    StructField prediction = null;
    for (StructField f : schema.fields()) {
      if (f.name().equals(predictionCol)) {
        prediction = f;
      } else {
        fields.add(f);
      }
    }
    fields.add(prediction);
    return new StructType(fields.toArray(new StructField[0]));
  }
}
