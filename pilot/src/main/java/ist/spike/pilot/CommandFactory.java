package ist.spike.pilot;

import java.lang.reflect.Constructor;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Constructor injection for picocli: a class with a {@code (PilotContext)} constructor gets the
 * context; everything else (mixins, converters) picocli's default factory makes.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final PilotContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> constructor;
        try {
            constructor = type.getDeclaredConstructor(PilotContext.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        return constructor.newInstance(context);
    }
}
