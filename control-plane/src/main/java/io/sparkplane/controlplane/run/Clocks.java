package io.sparkplane.controlplane.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one clock of the control plane, at PostgreSQL's precision so stored and compared instants agree. */
@ApplicationScoped
public class Clocks {

    private final Clock clock = Clock.systemUTC();

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
