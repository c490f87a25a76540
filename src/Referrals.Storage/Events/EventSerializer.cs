using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Referrals.Storage.Events;

/// <summary>
/// The JSON of every event on a queue: web defaults (camelCase properties) and enums as camelCase
/// strings. The publisher and the workers use the same options, so a message reads back as it was sent.
/// </summary>
public static class EventSerializer
{
    /// <summary>The most a queue message may hold: 64 KiB of UTF-8 text.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The event as message text; throws when it would not fit in one queue message.</summary>
    public static string Serialize<TEvent>(TEvent @event, string topic)
    {
        var json = JsonSerializer.Serialize(@event, Options);
        var size = Encoding.UTF8.GetByteCount(json);
        if (size > MaxMessageBytes)
        {
            throw new InvalidOperationException(
                $"A {typeof(TEvent).Name} event for topic '{topic}' is {size} bytes as JSON; a queue message holds at most {MaxMessageBytes} bytes. Publish smaller events.");
        }

        return json;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
