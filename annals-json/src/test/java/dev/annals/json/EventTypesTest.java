// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.json.ShopEvent.BasketOpened;
import dev.annals.json.ShopEvent.ItemBought;
import dev.annals.json.ShopEvent.ItemReturned;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void namesEachRegisteredClassWithItsVersionedWireName() {
        var types = EventTypes.builder(ShopEvent.class)
                .register(BasketOpened.class, "shop.BasketOpened", 1)
                .register(ItemBought.class, "shop.ItemBought", 3)
                .register(ItemReturned.class, "shop.ItemReturned", 1)
                .build();

        assertThat(types.wireName(ItemBought.class)).isEqualTo("shop.ItemBought.v3");
        assertThat(types.forName("shop.BasketOpened")).isEqualTo(
                new EventTypes.EventType<>(BasketOpened.class, "shop.BasketOpened", 1));
        assertThat(types.knows("shop.ItemReturned")).isTrue();
        assertThat(types.knows("ItemReturned")).isFalse();
        assertThat(types.all()).extracting(EventTypes.EventType::name)
                .containsExactly("shop.BasketOpened", "shop.ItemBought", "shop.ItemReturned");
    }

    @Test
    void refusesAClassRegisteredTwice() {
        var builder = EventTypes.builder(ShopEvent.class)
                .register(BasketOpened.class, "shop.BasketOpened", 1)
                .register(ItemBought.class, "shop.ItemBought", 1)
                .register(ItemReturned.class, "shop.ItemReturned", 1)
                .register(ItemBought.class, "shop.ItemPurchased", 1);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ItemBought is registered twice");
    }

    @Test
    void refusesATypeNameRegisteredForTwoClasses() {
        var builder = EventTypes.builder(ShopEvent.class)
                .register(BasketOpened.class, "shop.BasketOpened", 1)
                .register(ItemBought.class, "shop.Item", 1)
                .register(ItemReturned.class, "shop.Item", 2);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("type name shop.Item is registered for both");
    }

    @Test
    void refusesASealedFamilyWithAnUnregisteredVariant() {
        var builder = EventTypes.builder(ShopEvent.class)
                .register(BasketOpened.class, "shop.BasketOpened", 1)
                .register(ItemBought.class, "shop.ItemBought", 1);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ItemReturned has no wire name");
    }

    @Test
    void refusesInvalidNamesAndVersions() {
        var builder = EventTypes.builder(ShopEvent.class);

        assertThatThrownBy(() -> builder.register(BasketOpened.class, "shop Basket", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.register(BasketOpened.class, "", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.register(BasketOpened.class, "shop.BasketOpened", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
