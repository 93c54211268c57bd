package ai.refinery.estimators.neural;

/**
 * Lets a Java subclass of Spark's {@code Predictor} answer {@code uid()} while the Scala superclass
 * constructor runs: Spark's shared params ({@code featuresCol}, {@code labelCol}, ...) are created
 * in that constructor and read {@code uid()}, before a Java constructor can assign its own field.
 * The public constructor stores the uid here (in its {@code this(...)} argument), the private one
 * moves it into the field.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  static String push(String uid) {
    PENDING.set(uid);
    return uid;
  }

  static String peek() {
    return PENDING.get();
  }

  static void clear() {
    PENDING.remove();
  }
}
