package cacherr.adapters.persistence.entity;

import cacherr.adapters.persistence.schema.Timestamps;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** Stores an {@link Instant} in the canonical text form of {@link Timestamps}, so SQL compares it as an instant. */
@Converter
public class InstantText implements AttributeConverter<Instant, String> {
    @Override
    public String convertToDatabaseColumn(Instant instant) {
        return text(instant);
    }

    /** The stored form of {@code instant} (null stays null), for writes that bind it themselves. */
    public static String text(Instant instant) {
        return Timestamps.format(instant);
    }

    @Override
    public Instant convertToEntityAttribute(String text) {
        return Timestamps.parse(text);
    }
}
