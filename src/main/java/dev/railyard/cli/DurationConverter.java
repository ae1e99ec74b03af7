package dev.railyard.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500ms", "5s", "2m", "1h"; a bare number is seconds; "0" or "off" is {@link Duration#ZERO} (no limit). */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("^([0-9]+)\\s*(ms|s|m|min|h)?$");

    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off") || v.equals("none")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(v);
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: use 500ms, 5s, 2m, 1h, or off");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
