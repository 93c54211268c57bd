package ai.refinery.estimators.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Combines one value per partition in a tree, like Spark's {@code treeAggregate}, but in a fixed
 * order: partition results are grouped by consecutive partition index ({@code scale} per group),
 * each group is combined on an executor in index order, and this repeats until few enough partial
 * results remain for the driver to combine them, again in index order. Floating-point sums are
 * therefore the same on every run for a given partitioning (Spark's treeAggregate merges in task
 * completion order). With few partitions no tree level runs and the driver combines them all, in
 * partition order.
 */
public final class TreeReduce {
  private TreeReduce() {}

  /**
   * Reduces {@code values}, an RDD with at most one element per partition, with {@code combine}
   * (which may modify and return its first argument) in a tree of the given depth (>= 1; 1 combines
   * everything on the driver).
   *
   * @return the combined value, or null when the RDD has no element
   */
  public static <T extends Serializable> T reduce(
      JavaRDD<T> values, int depth, Function2<T, T, T> combine) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    int n = values.getNumPartitions();
    JavaPairRDD<Integer, T> level =
        values
            .mapPartitionsWithIndex(
                (i, it) -> {
                  List<Tuple2<Integer, T>> out = new ArrayList<>(1);
                  while (it.hasNext()) {
                    out.add(new Tuple2<>(i, it.next()));
                  }
                  return out.iterator();
                },
                true)
            .mapToPair(t -> t);
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    // the same stopping rule as Spark's treeAggregate: a level pays off while it removes more
    // partial results than the extra stage costs
    while (depth > 1 && n > scale + (int) Math.ceil((double) n / scale)) {
      n = (int) Math.ceil((double) n / scale);
      final int s = scale;
      level =
          level
              .mapToPair(t -> new Tuple2<>(t._1 / s, t))
              .groupByKey(new HashPartitioner(n))
              .mapValues(group -> combineInOrder(group, combine));
    }
    List<Tuple2<Integer, T>> rest = new ArrayList<>(level.collect());
    rest.sort(Comparator.comparing(Tuple2::_1));
    T acc = null;
    for (Tuple2<Integer, T> t : rest) {
      acc = acc == null ? t._2 : combineUnchecked(combine, acc, t._2);
    }
    return acc;
  }

  private static <T> T combineInOrder(
      Iterable<Tuple2<Integer, T>> group, Function2<T, T, T> combine) {
    List<Tuple2<Integer, T>> parts = new ArrayList<>();
    group.forEach(parts::add);
    parts.sort(Comparator.comparing(Tuple2::_1));
    T acc = null;
    for (Tuple2<Integer, T> t : parts) {
      acc = acc == null ? t._2 : combineUnchecked(combine, acc, t._2);
    }
    return acc;
  }

  private static <T> T combineUnchecked(Function2<T, T, T> combine, T a, T b) {
    try {
      return combine.call(a, b);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
