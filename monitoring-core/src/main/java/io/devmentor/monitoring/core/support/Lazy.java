package io.devmentor.monitoring.core.support;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made on its first use, once, whichever thread asks first: for what costs at start (a client's selector
 * thread, the JDK's certificate store) and may never be needed.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile @Nullable T value;

    private Lazy(Supplier<T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    /**
     * A value that {@code make} makes at the first {@link #get()}.
     *
     * @param make makes the value; called at most once
     * @param <T> the value's type
     * @return the lazy value
     */
    public static <T> Lazy<T> of(Supplier<T> make) {
        return new Lazy<>(make);
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = Objects.requireNonNull(make.get(), "made");
                    value = made;
                }
            }
        }
        return made;
    }
}
