package com.widgetify.widgets;

import com.widgetify.http.Endpoint;
import com.widgetify.http.Request;
import com.widgetify.http.Response;
import com.widgetify.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@code GET /widgets/{id}/report}: a widget with its review and sales figures.
 *
 * <p>This handler has the bug of the demo: when the widget does not exist it returns the 404 before
 * reaching {@code connection.close()}. Each request for a missing widget (an old link, a deleted
 * product) takes one connection out of the pool for good.
 */
public final class WidgetReportHandler implements Endpoint {

    private final DataSource dataSource;

    public WidgetReportHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Response serve(Request request) throws SQLException {
        long id = Long.parseLong(request.pathParam(0));
        Connection connection = dataSource.getConnection(); // LEAK: the 404 below returns without closing this
        PreparedStatement widgetQuery = connection.prepareStatement("select name, price_cents, stock from widget where id = ?");
        widgetQuery.setLong(1, id);
        ResultSet widget = widgetQuery.executeQuery();
        if (!widget.next()) {
            return Response.error(404, "no widget " + id);
        }
        String name = widget.getString(1);
        long priceCents = widget.getLong(2);
        int stock = widget.getInt(3);
        widgetQuery.close();

        PreparedStatement reviewQuery = connection.prepareStatement(
                "select count(*), coalesce(avg(cast(stars as double)), 0) from review where widget_id = ?");
        reviewQuery.setLong(1, id);
        ResultSet reviews = reviewQuery.executeQuery();
        reviews.next();
        long reviewCount = reviews.getLong(1);
        double averageStars = reviews.getDouble(2);
        reviewQuery.close();

        PreparedStatement salesQuery = connection.prepareStatement(
                "select count(*), coalesce(sum(quantity), 0) from orders where widget_id = ? and status = 'PAID'");
        salesQuery.setLong(1, id);
        ResultSet sales = salesQuery.executeQuery();
        sales.next();
        long orderCount = sales.getLong(1);
        long unitsSold = sales.getLong(2);
        salesQuery.close();
        connection.close();

        return Response.ok("{\"id\":" + id + ",\"name\":" + Json.quote(name) + ",\"priceCents\":" + priceCents
                + ",\"stock\":" + stock + ",\"reviews\":" + reviewCount + ",\"averageStars\":"
                + Math.round(averageStars * 100) / 100.0 + ",\"orders\":" + orderCount + ",\"unitsSold\":" + unitsSold + "}");
    }
}
