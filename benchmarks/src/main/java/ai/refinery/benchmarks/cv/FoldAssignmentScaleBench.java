package ai.refinery.benchmarks.cv;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.cv.FoldTransformer;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.StratifiedKFold;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Benchmark 3 of the cv issue: fold assignment at scale (default 10M rows), timed, with proof from
 * a SparkListener that no stage ran with a single task over all rows: for every stage, its task
 * count and the rows its tasks went through (read, or written for a source stage), and the largest
 * number of rows any single task went through.
 *
 * <p>usage: {@code benchmarks/run cv.FoldAssignmentScaleBench [rows=10000000] [groups=1000000]
 * [partitions=16] [assigners=stratified,group[,dup]]}. Runs StratifiedKFold (3 imbalanced classes)
 * and/or GroupKFold (the given number of distinct groups); the output is written to Spark's no-op
 * sink so every row is assigned. With {@code dup} about 10% of the rows are made identical on every
 * column (one large duplicate set), to show that no task has to hold the whole set.
 */
public final class FoldAssignmentScaleBench {
  private FoldAssignmentScaleBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    long groups = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    List<String> which = List.of((args.length > 3 ? args[3] : "stratified,group").split(","));
    SparkSession spark = BenchSession.get("cv-fold-scale");
    StageRecorder rec = new StageRecorder();
    spark.sparkContext().addSparkListener(rec);
    try {
      Dataset<Row> df0 =
          spark
              .range(0, rows, 1, partitions)
              .toDF("id")
              .withColumn("u", functions.rand(7))
              .withColumn(
                  "label",
                  functions
                      .when(functions.col("u").lt(0.05), 2)
                      .when(functions.col("u").lt(0.3), 1)
                      .otherwise(0))
              .withColumn("group", functions.xxhash64(functions.col("id")).mod(groups))
              .withColumn("x", functions.randn(8));
      Dataset<Row> df = df0;
      if (which.contains("dup")) {
        // a tenth of the rows identical on every column (one duplicate set of 10% of the table)
        Column twin = functions.rand(9).lt(0.1);
        for (String c : new String[] {"id", "u", "label", "group", "x"}) {
          df =
              df.withColumn(
                  c,
                  functions
                      .when(twin, functions.lit(0).cast(df.schema().apply(c).dataType()))
                      .otherwise(functions.col(c)));
        }
        System.out.println("dup: about 10% of the rows are one set of identical rows");
      }
      if (which.contains("stratified")) {
        run(
            spark,
            rec,
            "StratifiedKFold",
            new StratifiedKFold().setNumFolds(5).setSeed(42),
            df,
            rows);
      }
      if (which.contains("group")) {
        run(
            spark,
            rec,
            "GroupKFold (" + groups + " groups)",
            new GroupKFold().setNumFolds(5).setSeed(42),
            df,
            rows);
      }
    } finally {
      spark.stop();
    }
  }

  private static void run(
      SparkSession spark,
      StageRecorder rec,
      String name,
      FoldTransformer a,
      Dataset<Row> df,
      long rows)
      throws Exception {
    rec.reset();
    long t0 = System.nanoTime();
    a.transform(df).write().format("noop").mode("overwrite").save();
    double secs = (System.nanoTime() - t0) / 1e9;
    spark.sparkContext().listenerBus().waitUntilEmpty();
    System.out.printf("%n%s on %d rows: %.1f s%n", name, rows, secs);
    System.out.printf(
        "  %-6s %-6s %-14s %-14s %-8s %s%n", "stage", "tasks", "rows", "max/task", "cpu s", "name");
    long maxSingleTaskStageRows = 0;
    long maxTaskRows = 0;
    double cpu = 0;
    for (long[] s : rec.stages()) {
      System.out.printf(
          "  %-6d %-6d %-14d %-14d %-8.1f %s%n",
          s[0], s[1], s[2], s[3], s[4] / 1e9, rec.names.get((int) s[0]));
      cpu += s[4] / 1e9;
      if (s[1] == 1) {
        maxSingleTaskStageRows = Math.max(maxSingleTaskStageRows, s[2]);
      }
      maxTaskRows = Math.max(maxTaskRows, s[3]);
    }
    System.out.printf(
        "RESULT %s: %d rows in %.1f s (task CPU %.1f s); stages %d; largest single-task stage"
            + " read %d"
            + " rows (%.4f%% of all rows); largest task read %d rows (%.1f%% of all rows) -> %s%n",
        name,
        rows,
        secs,
        cpu,
        rec.stages().size(),
        maxSingleTaskStageRows,
        100.0 * maxSingleTaskStageRows / rows,
        maxTaskRows,
        100.0 * maxTaskRows / rows,
        maxSingleTaskStageRows < rows
            ? "no stage ran one task over all rows"
            : "A SINGLE TASK READ ALL ROWS");
  }

  /**
   * Per stage: id, tasks, rows read (input + shuffle), max rows read by one task, task CPU time
   * (ns; on a shared machine a steadier measure than wall time).
   */
  static final class StageRecorder extends SparkListener {
    final Map<Integer, String> names = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> rowsRead = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> maxTask = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> cpuNs = new ConcurrentHashMap<>();
    private final List<long[]> done = Collections.synchronizedList(new ArrayList<>());

    void reset() {
      done.clear();
    }

    List<long[]> stages() {
      List<long[]> out = new ArrayList<>(done);
      out.sort((x, y) -> Long.compare(x[0], y[0]));
      return out;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      TaskMetrics m = e.taskMetrics();
      if (m == null) {
        return;
      }
      // rows a task went through: what it read (input + shuffle) or, for a source stage such
      // as spark.range that reads nothing, what it wrote (shuffle + output)
      long in = m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead();
      long out = m.shuffleWriteMetrics().recordsWritten() + m.outputMetrics().recordsWritten();
      long r = Math.max(in, out);
      rowsRead.computeIfAbsent(e.stageId(), x -> new AtomicLong()).addAndGet(r);
      maxTask.computeIfAbsent(e.stageId(), x -> new AtomicLong()).accumulateAndGet(r, Math::max);
      cpuNs.computeIfAbsent(e.stageId(), x -> new AtomicLong()).addAndGet(m.executorCpuTime());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
      StageInfo s = e.stageInfo();
      names.put(s.stageId(), s.name());
      long r = rowsRead.getOrDefault(s.stageId(), new AtomicLong()).get();
      long mt = maxTask.getOrDefault(s.stageId(), new AtomicLong()).get();
      long c = cpuNs.getOrDefault(s.stageId(), new AtomicLong()).get();
      done.add(new long[] {s.stageId(), s.numTasks(), r, mt, c});
    }
  }
}
