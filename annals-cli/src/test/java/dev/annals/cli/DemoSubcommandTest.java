// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.cli.demo.OrderDemo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs {@code annals demo} in-process, exactly as the launcher does, and reads what it printed. */
class DemoSubcommandTest {
    private static final Pattern EVENT_LINE =
            Pattern.compile("^\\s*(\\d+)\\s+((?:Order|Inventory)-\\S+)\\s+v(\\d+)\\s+(\\S+\\.v1)\\s+(\\{.*})$");

    private static String output;
    private static String errors;
    private static int exitCode;

    @BeforeAll
    static void runDemo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        exitCode = AnnalsCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "demo");
        output = out.toString();
        errors = err.toString();
    }

    private static List<String> lines() {
        return output.lines().toList();
    }

    @Test
    void exitsWithZeroAndPrintsNoErrors() {
        assertThat(exitCode).isZero();
        assertThat(errors).isEmpty();
    }

    @Test
    void endsWithEveryOrderInItsFinalStatus() {
        assertThat(lines()).anyMatch(l -> l.matches("\\s*order 1001\\s+customer alice\\s+SHIPPED\\s+2 item\\(s\\)\\s+total 5\\.00\\s+v5"));
        assertThat(lines()).anyMatch(l -> l.matches("\\s*order 1002\\s+customer bob\\s+CANCELLED\\s+1 item\\(s\\)\\s+total 4\\.50\\s+v5"));
        assertThat(lines()).anyMatch(l -> l.matches("\\s*order 1003\\s+customer carol\\s+CANCELLED\\s+2 item\\(s\\)\\s+total 3\\.85\\s+v2"));
        assertThat(lines()).anyMatch(l -> l.matches("\\s*order 1004\\s+customer alice\\s+CANCELLED\\s+1 item\\(s\\)\\s+total 2\\.25\\s+v1"));
        assertThat(output).contains("cancelled: 1004, 1003, 1002");
    }

    @Test
    void showsTheFulfilmentReservingReleasingRefundingAndCompensating() {
        assertThat(output)
                .contains("[fulfilment] ReserveStock 2 x apple for 1001 -> accepted")
                .contains("[fulfilment] MarkReadyToShip 1001 -> accepted")
                .contains("[fulfilment] ReleaseStock apple held by 1002 -> accepted")
                .contains("[fulfilment] RefundOrder 1002 (reason: customer changed their mind) -> accepted")
                .contains("[fulfilment] ReserveStock 2 x plum for 1003 -> REJECTED insufficient_stock")
                .contains("[fulfilment] CancelOrder 1003 (reason: insufficient_stock) -> accepted")
                .contains("[fulfilment] ReleaseStock pear held by 1003 -> accepted");
    }

    @Test
    void printsRejectedCommandsWithTheirTypedError() {
        assertThat(output)
                .contains("REJECTED product_already_in_order: ProductAlreadyInOrder[productId=pear]")
                .contains("REJECTED order_not_paid: OrderNotPaid[orderId=1001]")
                .contains("REJECTED order_already_cancelled: OrderAlreadyCancelled[orderId=1004]");
    }

    @Test
    void printsEveryRecordedEventOnceInPositionOrderWithItsData() {
        List<Matcher> events = lines().stream().map(EVENT_LINE::matcher).filter(Matcher::matches).toList();

        assertThat(events).hasSize(27);
        for (int i = 0; i < events.size(); i++) {
            assertThat(Long.parseLong(events.get(i).group(1))).isEqualTo(i + 1);
        }
        assertThat(events).extracting(m -> m.group(4)).contains("orders.OrderRefunded.v1", "inventory.StockDepleted.v1",
                "orders.OrderTotalCorrected.v1", "orders.OrderShipped.v1");
        assertThat(output).contains("\"reason\":\"insufficient_stock\"").contains("\"total\":\"5.25\"");
    }

    @Test
    void printsTheReadModels() {
        assertThat(output)
                .contains("order 1001: PENDING (v0) -> CONFIRMED (v2) -> READY_TO_SHIP (v3) -> SHIPPED (v5)")
                .contains("v1  @5   OrderTotalCorrected  Total corrected from 5.25 to 5.00: loyalty discount")
                .containsPattern("alice\\s+orders 2, .*total spent 5\\.00")
                .containsPattern("bob\\s+orders 1, .*total spent 0\\.00")
                .contains("order 1001 customer alice, 2 item(s), total 5.00, DHL TRACK-1001")
                .containsPattern("apple\\s+on hand 10, reserved 2, available 8")
                .containsPattern("pear\\s+on hand 2, reserved 1, available 1")
                .containsPattern("plum\\s+on hand 1, reserved 0, available 1");
    }

    @Test
    void printsTheSameOnEveryRunWithTheSameClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        new OrderDemo(new PrintWriter(first), fixed).run();
        new OrderDemo(new PrintWriter(second), fixed).run();
        assertThat(first.toString()).isEqualTo(second.toString()).contains("2026-03-01T10:00:00Z");
    }

    @Test
    void refusesToRunWithoutASubcommand() {
        StringWriter err = new StringWriter();
        int code = AnnalsCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required").contains("demo");
    }

    @Test
    void listsTheDemoInItsHelp() {
        StringWriter out = new StringWriter();
        int code = AnnalsCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("demo");
    }
}
