using Referrals.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
await using var azurite = await LocalStorage.StartIfNeededAsync(builder, CancellationToken.None);

builder.AddReferralServer();

var app = builder.Build();
app.MapReferralServer();
await app.RunAsync();

/// <summary>The server's entry point; public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
