package ai.refinery.ensembles;

import ai.refinery.estimators.SeedSequence;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * For benchmarks: the in-bag counts a {@link BaggingClassifier} fit draws for every row, from the
 * same row keys, member seeds and draw as {@code BaggingFit} (package-private there, hence this
 * class in the same package), so that another library can fit its learner on exactly Refinery's
 * samples. {@link #mismatches} checks them against a fitted model's own out-of-bag test.
 */
public final class InBagCounts {
  /** Rows as collected (the input's columns plus the row key, last) and counts[row][member]. */
  public record Counts(List<Row> rows, int[][] counts) {}

  private InBagCounts() {}

  /**
   * The rows of {@code data} with their in-bag count in each of {@code numMembers} members of a bag
   * with this seed, sample fraction and bootstrap flag; identical rows get independent counts.
   */
  public static Counts of(
      Dataset<Row> data,
      String featuresCol,
      String labelCol,
      long seed,
      int numMembers,
      double fraction,
      boolean replacement) {
    long[] seeds = new SeedSequence(seed).children(numMembers);
    List<Row> rows =
        Bootstrap.withRowKey(data, featuresCol, labelCol, BaggingFit.KEY).collectAsList();
    int[][] counts = new int[rows.size()][numMembers];
    for (int i = 0; i < rows.size(); i++) {
      long key = rows.get(i).getLong(rows.get(i).size() - 1);
      for (int m = 0; m < numMembers; m++) {
        counts[i][m] = Bootstrap.count(key, seeds[m], fraction, replacement);
      }
    }
    return new Counts(rows, counts);
  }

  /**
   * How many (row, member) pairs the fitted {@code model} calls in-bag where {@code c} has a count
   * of 0 or the other way round: 0 when the exported samples are the model's own.
   */
  public static long mismatches(BaggingClassificationModel model, Counts c) {
    MemberSet members = model.members();
    long bad = 0;
    for (int i = 0; i < c.rows().size(); i++) {
      Row r = c.rows().get(i);
      long key = r.getLong(r.size() - 1);
      for (int m = 0; m < members.size(); m++) {
        boolean in = members.inBag(m, key, model.getSampleFraction(), model.getBootstrap());
        if (in != (c.counts()[i][m] > 0)) {
          bad++;
        }
      }
    }
    return bad;
  }
}
