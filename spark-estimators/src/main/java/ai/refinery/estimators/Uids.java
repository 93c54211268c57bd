package ai.refinery.estimators;

import org.apache.spark.ml.util.Identifiable$;

/** Stage uids with Spark's format ({@code prefix_1a2b3c4d5e6f}). */
public final class Uids {
  private Uids() {}

  public static String random(String prefix) {
    return Identifiable$.MODULE$.randomUID(prefix);
  }
}
