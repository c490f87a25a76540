using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Referrals.Api.Hosting;
using Referrals.Functions.Hosting;
using Referrals.Functions.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Functions.Tests.Hosting;

/// <summary>
/// The worker's container as the Functions host builds it: every registration resolvable with scopes
/// checked, every function class constructible, and none of the server's background services.
/// The host is built, never started (starting dials the Functions host over gRPC).
/// </summary>
public sealed class WorkerContainerTests
{
    /// <summary>Where events travel: to Storage queues (no namespace configured, as locally and in tests), or to Service Bus (Azure).</summary>
    public static TheoryData<string?> ServiceBusNamespaces { get; } = new() { null, "referrals-test.servicebus.windows.net" };

    [Theory]
    [MemberData(nameof(ServiceBusNamespaces))]
    public void The_container_builds_with_scopes_and_every_registration_validated(string? serviceBusNamespace)
    {
        // ValidateOnBuild throws from Build() for any registration whose dependencies cannot be resolved,
        // and ValidateScopes for a singleton that captures a scoped service.
        var exception = Record.Exception(() => Build(serviceBusNamespace).Dispose());

        Assert.Null(exception);
    }

    [Theory]
    [MemberData(nameof(ServiceBusNamespaces))]
    public void Every_function_class_is_constructed_from_an_invocation_scope(string? serviceBusNamespace)
    {
        using var host = Build(serviceBusNamespace);
        using var scope = host.Services.CreateScope();
        var classes = FunctionClasses()
            .Where(type => serviceBusNamespace is not null || !HasServiceBusTrigger(type))
            .ToArray();

        Assert.Contains(typeof(Referrals.Functions.Http.ProgramFunctions), classes);
        foreach (var type in classes)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public void Only_the_table_initializer_and_the_click_recorder_run_in_the_background()
    {
        using var host = Build(serviceBusNamespace: null);

        var own = host.Services.GetServices<IHostedService>()
            .Select(service => service.GetType())
            .Where(FunctionsApp.IsOwn)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray();

        // The server's queue workers, queue-depth polling, payout scheduler, queue creation and outbox
        // service are done here by triggers, timers and the Durable orchestration.
        Assert.Equal([typeof(ClickRecorderService), typeof(TableInitializer)], own);
    }

    [Fact]
    public void With_a_service_bus_namespace_events_and_dead_letters_are_service_bus_s_and_without_one_the_storage_queues()
    {
        using var azure = Build("referrals-test.servicebus.windows.net");
        using var local = Build(serviceBusNamespace: null);

        Assert.IsType<Referrals.ServiceBus.ServiceBusEventPublisher>(azure.Services.GetRequiredService<Referrals.Core.Events.IEventPublisher>());
        Assert.IsType<Referrals.ServiceBus.CombinedDeadLetters>(azure.Services.GetRequiredService<Referrals.Storage.Events.IDeadLetters>());
        Assert.IsType<Referrals.Storage.Events.QueueEventPublisher>(local.Services.GetRequiredService<Referrals.Core.Events.IEventPublisher>());
        Assert.IsType<Referrals.Storage.Events.DeadLetterQueue>(local.Services.GetRequiredService<Referrals.Storage.Events.IDeadLetters>());
    }

    /// <summary>Public classes of the Functions assembly with a method carrying <see cref="FunctionAttribute"/>, static ones aside (nothing to construct).</summary>
    public static IReadOnlyList<Type> FunctionClasses() =>
        typeof(FunctionsHost).Assembly.GetExportedTypes()
            .Where(type => type.IsClass && !(type.IsAbstract && type.IsSealed))
            .Where(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToArray();

    private static bool HasServiceBusTrigger(Type type) =>
        type.GetMethods().SelectMany(method => method.GetParameters())
            .Any(parameter => parameter.CustomAttributes.Any(attribute => attribute.AttributeType.Name == "ServiceBusTriggerAttribute"));

    private static IHost Build(string? serviceBusNamespace)
    {
        // Building dials nothing, so storage that does not answer is as good as any here.
        var settings = FunctionsApp.RequiredSettings(FunctionsApp.UnreachableStorage(), AzuriteFixture.NewPrefix());
        if (serviceBusNamespace is not null)
        {
            settings[$"{FunctionsHost.ServiceBusConnection}:fullyQualifiedNamespace"] = serviceBusNamespace;
        }

        return FunctionsApp.CreateBuilder(settings).Build();
    }
}
