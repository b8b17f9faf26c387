package dev.transform.http;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

/** The service's Prometheus metrics, read as the scraper does: series name with labels → value. */
final class Scrape {

    private final Map<String, Double> series = new LinkedHashMap<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
    }

    static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The value of one series, e.g. {@code transform_requests_total{stage="slice"}}; 0 if absent. */
    double value(String name) {
        return series.getOrDefault(name, 0.0);
    }

    /** The sum over every series of a metric, whatever their labels. */
    double sum(String metric) {
        return series.entrySet().stream()
                .filter(entry -> entry.getKey().equals(metric) || entry.getKey().startsWith(metric + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
