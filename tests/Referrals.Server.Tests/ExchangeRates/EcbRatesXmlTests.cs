using System.Text;
using Referrals.Api.ExchangeRates;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests.ExchangeRates;

public sealed class EcbRatesXmlTests
{
    // The ECB's daily file as published (eurofxref-daily.xml), cut to three currencies.
    private const string Daily = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
        	<gesmes:subject>Reference rates</gesmes:subject>
        	<gesmes:Sender>
        		<gesmes:name>European Central Bank</gesmes:name>
        	</gesmes:Sender>
        	<Cube>
        		<Cube time='2026-03-13'>
        			<Cube currency='USD' rate='1.0891'/>
        			<Cube currency='JPY' rate='162.47'/>
        			<Cube currency='GBP' rate='0.83285'/>
        		</Cube>
        	</Cube>
        </gesmes:Envelope>
        """;

    private static IReadOnlyList<Core.ExchangeRates.ReferenceRates> Parse(string xml) => EcbRatesXml.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void The_daily_file_gives_its_day_with_every_rate_per_euro()
    {
        var day = Assert.Single(Parse(Daily));

        Assert.Equal(new DateOnly(2026, 3, 13), day.Day);
        Assert.Equal("ECB", day.Source);
        Assert.Equal(1.0891m, day.PerEuro["USD"]);
        Assert.Equal(162.47m, day.PerEuro["JPY"]);
        Assert.Equal(0.83285m, day.PerEuro["GBP"]);
        Assert.Equal(3, day.PerEuro.Count);
    }

    [Fact]
    public void A_history_file_gives_every_day()
    {
        var days = Parse(RatesSource.Xml((new DateOnly(2026, 3, 13), 1.0891m), (new DateOnly(2026, 3, 12), 1.0876m)));

        Assert.Equal([new DateOnly(2026, 3, 13), new DateOnly(2026, 3, 12)], days.Select(day => day.Day));
        Assert.Equal(1.0876m, days[1].PerEuro["USD"]);
    }

    [Fact]
    public void The_sample_file_in_the_repository_is_read_whole()
    {
        var days = ReferenceRateSeeder.SampleDays();

        Assert.Equal(new DateOnly(2026, 1, 2), days.Min(day => day.Day));
        Assert.Equal(new DateOnly(2026, 11, 30), days.Max(day => day.Day));
        Assert.DoesNotContain(days, day => day.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.All(days, day => Assert.Equal(11, day.PerEuro.Count));
        Assert.Equal(1.09m, days.Single(day => day.Day == new DateOnly(2026, 3, 13)).PerEuro["USD"]);
    }

    [Theory]
    [InlineData("not XML", "<Cube")]
    [InlineData("a rate that is not a number", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-03-13'><Cube currency='USD' rate='1,0891'/></Cube></Cube></Envelope>")]
    [InlineData("a negative rate", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-03-13'><Cube currency='USD' rate='-1.0891'/></Cube></Cube></Envelope>")]
    [InlineData("an unknown currency", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-03-13'><Cube currency='XYZ' rate='1.0891'/></Cube></Cube></Envelope>")]
    [InlineData("a day that is not a date", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='13.03.2026'><Cube currency='USD' rate='1.0891'/></Cube></Cube></Envelope>")]
    [InlineData("a day without rates", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-03-13'></Cube></Cube></Envelope>")]
    [InlineData("no day at all", "<Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube></Cube></Envelope>")]
    [InlineData("cubes outside the ECB's namespace", "<Envelope><Cube><Cube time='2026-03-13'><Cube currency='USD' rate='1.0891'/></Cube></Cube></Envelope>")]
    [InlineData("a DTD", "<!DOCTYPE x [<!ENTITY e 'x'>]><Envelope xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-03-13'><Cube currency='USD' rate='1.0891'/></Cube></Cube></Envelope>")]
    public void A_file_not_in_the_ecbs_format_is_refused_whole(string because, string xml)
    {
        var refused = Assert.Throws<FormatException>(() => Parse(xml));

        Assert.False(string.IsNullOrEmpty(refused.Message), because);
    }
}
