using System.Reflection;
using ArchUnitNET.Fluent.Syntax.Elements.Types;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Vision.Architecture.Tests;

/// <summary>
/// The service's composition reads top to bottom in one place (<c>VisionApp.AddVisionServices</c>): every service is
/// registered once. No registration of Vision's code yields to an earlier one, removes or replaces another
/// (<c>TryAdd…</c>, <c>RemoveAll</c>, <c>Replace</c>): their effect would depend on the order of the calls.
/// </summary>
public sealed class CompositionTests
{
    private static readonly Assembly[] VisionAssemblies =
    [
        typeof(Service.Hosting.VisionApp).Assembly,
        typeof(Pipeline.Runtime.CameraPipeline).Assembly,
        typeof(Storage.ViolationRecorder).Assembly,
    ];

    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader()
        .LoadAssemblies([.. VisionAssemblies, typeof(ServiceCollectionDescriptorExtensions).Assembly, typeof(CompositionTests).Assembly])
        .Build();

    [Fact]
    public void Registrations_never_depend_on_the_order_of_the_calls() =>
        NoOrderDependentRegistration(Types().That().ResideInAssembly(VisionAssemblies[0], VisionAssemblies[1..])).Check(Code);

    [Fact]
    public void The_rule_catches_a_registration_that_yields_to_an_earlier_one() =>
        Assert.False(NoOrderDependentRegistration(Types().That().Are(typeof(OrderDependentRegistration))).HasNoViolations(Code));

    private static TypesShouldConjunctionWithDescription NoOrderDependentRegistration(GivenTypesConjunction types) =>
        types.Should().NotDependOnAny(Types().That().Are(typeof(ServiceCollectionDescriptorExtensions)))
            .Because("a service registered with TryAdd, RemoveAll or Replace depends on the order of the registration calls");

    /// <summary>What the rule exists to refuse: the first of several such calls would decide which clock the service gets.</summary>
    private static class OrderDependentRegistration
    {
        public static void AddClock(IServiceCollection services) => services.TryAddSingleton(TimeProvider.System);
    }
}
