using Referrals.Core.Conversions;
using Referrals.Storage.Conversions;

namespace Referrals.Storage.Tests.Conversions;

/// <summary>Payments found by another of their ids (a link), and a customer's sales listed by customer.</summary>
public sealed class PaymentLinkAndCustomerSalesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_payment_is_found_by_an_alias_linked_before_it_was_recorded()
    {
        var store = new TableConversionStore(await azurite.CreateAccountAsync());
        await store.LinkPaymentAsync("prg_a", "api", "pi_1", "in_1", default);
        var invoice = TestData.Conversion("prg_a") with { PaymentReference = "in_1" };
        await store.TryCreateAsync(invoice, default);

        Assert.Equal(invoice.Id, (await store.FindByPaymentReferenceAsync("prg_a", "api", "pi_1", default))?.Id);
        Assert.Equal(invoice.Id, (await store.FindByPaymentReferenceAsync("prg_a", "api", "in_1", default))?.Id);
    }

    [Fact]
    public async Task An_alias_of_a_payment_not_recorded_yet_finds_nothing_and_linking_twice_keeps_the_first()
    {
        var store = new TableConversionStore(await azurite.CreateAccountAsync());
        await store.LinkPaymentAsync("prg_a", "api", "pi_1", "in_1", default);
        await store.LinkPaymentAsync("prg_a", "api", "pi_1", "in_other", default);

        Assert.Null(await store.FindByPaymentReferenceAsync("prg_a", "api", "pi_1", default));
        var invoice = TestData.Conversion("prg_a") with { PaymentReference = "in_1" };
        await store.TryCreateAsync(invoice, default);
        Assert.Equal(invoice.Id, (await store.FindByPaymentReferenceAsync("prg_a", "api", "pi_1", default))?.Id);
        Assert.Null(await store.FindByPaymentReferenceAsync("prg_a", "stripe", "pi_1", default));
    }

    [Fact]
    public async Task A_customers_sales_are_listed_and_nobody_elses()
    {
        var store = new TableConversionStore(await azurite.CreateAccountAsync());
        var first = TestData.Conversion("prg_a", "evt-1");
        var second = TestData.Conversion("prg_a", "evt-2");
        var renewal = TestData.Conversion("prg_a", "evt-3") with { Type = ConversionType.Renewal };
        var otherCustomer = TestData.Conversion("prg_a", "evt-4") with { CustomerId = "cust-42x" };
        foreach (var conversion in new[] { first, second, renewal, otherCustomer, first })
        {
            await store.TryCreateAsync(conversion, default);
        }

        var sales = await store.ListSalesOfCustomerAsync("prg_a", "cust-42", 10, default);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), sales.Select(sale => sale.Id).Order(StringComparer.Ordinal));
        Assert.Single(await store.ListSalesOfCustomerAsync("prg_a", "cust-42", 1, default));
        Assert.Empty(await store.ListSalesOfCustomerAsync("prg_b", "cust-42", 10, default));
    }
}
