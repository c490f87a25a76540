using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using P = Microsoft.DurableTask.Protobuf;

namespace Referrals.Functions.Tests.Payouts;

/// <summary>
/// What the sidecar sent to the worker (each episode of an orchestration: the history it replays and
/// the new events) and what the worker answered (the actions the orchestrator took), per instance.
/// Recorded on the wire, so it is what the engine saw, not what the orchestrator says of itself.
/// </summary>
internal sealed class OrchestrationTrace
{
    private readonly ConcurrentQueue<Episode> _episodes = new();
    private readonly ConcurrentQueue<(string InstanceId, P.OrchestratorAction Action)> _actions = new();

    /// <summary>One run of the orchestrator: the execution, how many past events it replayed, and the new events it was woken by.</summary>
    public sealed record Episode(string InstanceId, string ExecutionId, int PastEvents, IReadOnlyList<P.HistoryEvent.EventTypeOneofCase> NewEvents);

    public IReadOnlyList<Episode> Episodes(string instanceId) => [.. _episodes.Where(episode => episode.InstanceId == instanceId)];

    /// <summary>The times of the durable timers the orchestration created, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Timers(string instanceId) =>
        [.. Actions(instanceId).Where(action => action.CreateTimer is not null).Select(action => action.CreateTimer.FireAt.ToDateTimeOffset())];

    /// <summary>The activities the orchestration scheduled, in order.</summary>
    public IReadOnlyList<string> Activities(string instanceId) =>
        [.. Actions(instanceId).Where(action => action.ScheduleTask is not null).Select(action => action.ScheduleTask.Name)];

    /// <summary>How many times an execution of the orchestration ended by continuing as new.</summary>
    public int ContinuedAsNew(string instanceId) =>
        Actions(instanceId).Count(action => action.CompleteOrchestration?.OrchestrationStatus == P.OrchestrationStatus.ContinuedAsNew);

    private IEnumerable<P.OrchestratorAction> Actions(string instanceId) =>
        _actions.Where(entry => entry.InstanceId == instanceId).Select(entry => entry.Action);

    private void Sent(P.OrchestratorRequest request) =>
        _episodes.Enqueue(new Episode(request.InstanceId, request.ExecutionId, request.PastEvents.Count, [.. request.NewEvents.Select(e => e.EventTypeCase)]));

    private void Answered(P.OrchestratorResponse response)
    {
        foreach (var action in response.Actions)
        {
            _actions.Enqueue((response.InstanceId, action));
        }
    }

    /// <summary>Sees the work items on their way to the worker and the orchestrators' answers on their way back.</summary>
    public sealed class Interceptor(OrchestrationTrace trace) : Grpc.Core.Interceptors.Interceptor
    {
        public override Task ServerStreamingServerHandler<TRequest, TResponse>(
            TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            ArgumentNullException.ThrowIfNull(continuation);
            return continuation(request, new WorkItemWriter<TResponse>(responseStream, trace), context);
        }

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            ArgumentNullException.ThrowIfNull(continuation);
            if (request is P.OrchestratorResponse response)
            {
                trace.Answered(response);
            }

            return continuation(request, context);
        }
    }

    private sealed class WorkItemWriter<T>(IServerStreamWriter<T> inner, OrchestrationTrace trace) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message)
        {
            if (message is P.WorkItem { OrchestratorRequest: { } request })
            {
                trace.Sent(request);
            }

            return inner.WriteAsync(message);
        }
    }
}
