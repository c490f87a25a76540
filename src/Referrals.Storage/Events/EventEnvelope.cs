using System.Security.Cryptography;
using System.Text;
using Referrals.Core.Events;

namespace Referrals.Storage.Events;

/// <summary>
/// An event as every bus carries it: the JSON body (<see cref="EventSerializer"/>, the same on Storage
/// Queues and Service Bus), the topic, and the id and properties a broker can act on without reading
/// the body. <see cref="MessageId"/> is the event's own id (<see cref="IEvent.EventId"/>), so a replay
/// of the same fact has the same id and Service Bus's duplicate detection drops it.
/// </summary>
public sealed record EventEnvelope(string MessageId, string Topic, string ContentType, string Body, IReadOnlyDictionary<string, string> Properties)
{
    public const string JsonContentType = "application/json";

    /// <summary>The property naming the event's type (<c>ConversionReceived</c>).</summary>
    public const string EventTypeProperty = "eventType";

    /// <summary>The property naming the program, for events of one program.</summary>
    public const string ProgramIdProperty = "programId";

    /// <summary>Wraps <paramref name="event"/> for <paramref name="topic"/>; throws when it would not fit in one message.</summary>
    public static EventEnvelope For<TEvent>(string topic, TEvent @event)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(@event);
        var body = EventSerializer.Serialize(@event, topic);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { [EventTypeProperty] = typeof(TEvent).Name };
        if (@event is IEvent { ProgramId: { } programId })
        {
            properties[ProgramIdProperty] = programId;
        }

        var id = @event is IEvent identified ? identified.EventId : ContentId(topic, body);
        return new EventEnvelope(id, topic, JsonContentType, body, properties);
    }

    // An event without an id of its own is named by its content: the same fact serializes the same.
    private static string ContentId(string topic, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(topic + "\n" + body)));
}
