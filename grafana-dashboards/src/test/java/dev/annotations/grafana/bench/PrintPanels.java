package dev.annotations.grafana.bench;

import dev.annotations.grafana.dashboard.Dashboard;
import dev.annotations.grafana.dashboard.Scenario;
import dev.annotations.grafana.dashboard.Variables;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.fixture.LoadedFixture;

import java.time.Duration;

/** Temporary: print every panel's answer on the fixture. */
public final class PrintPanels {
    public static void main(String[] args) {
        LoadedFixture f = LoadedFixture.get();
        QueryContext ctx = QueryContext.last(Duration.ofHours(24), f.now(), Duration.ofMinutes(60));
        for (Dashboard d : Dashboard.all()) {
            var vars = Variables.resolve(d, Scenario.valueOf(args[0]), ctx, f.sql());
            for (var p : d.panels()) for (var t : p.targets()) {
                QueryResult r = f.sql().query(Expansion.panelQuery(t.rawSql(), vars, ctx));
                System.out.println("=== " + t + " " + r.columns().stream().map(c -> c.name()).toList() + " rows=" + r.size());
                r.rows().stream().limit(Integer.parseInt(args[1])).forEach(row -> System.out.println("   " + row));
            }
        }
        System.exit(0);
    }
}
