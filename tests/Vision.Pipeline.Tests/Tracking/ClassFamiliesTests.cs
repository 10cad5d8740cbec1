using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Tracking;

public sealed class ClassFamiliesTests
{
    [Theory]
    [InlineData("car", ClassFamily.Vehicle)]
    [InlineData("motorcycle", ClassFamily.Vehicle)]
    [InlineData("bicycle", ClassFamily.Vehicle)]
    [InlineData("Truck", ClassFamily.Vehicle)]
    [InlineData("train", ClassFamily.Vehicle)]
    [InlineData("person", ClassFamily.Person)]
    [InlineData("dog", ClassFamily.Animal)]
    [InlineData("giraffe", ClassFamily.Animal)]
    [InlineData("traffic light", ClassFamily.Other)]
    [InlineData("", ClassFamily.Other)]
    public void Of_GroupsAClassName(string name, ClassFamily expected) => Assert.Equal(expected, ClassFamilies.Of(name));

    [Fact]
    public void Of_MapsEveryCocoClassId()
    {
        var families = ClassFamilies.Of(ObjectClasses.Coco);

        Assert.Equal(80, families.Length);
        Assert.Equal(ClassFamily.Person, families[0]);
        Assert.Equal(ClassFamily.Vehicle, families[2]);
        Assert.Equal(ClassFamily.Animal, families[19]);
        Assert.Equal([1, 2, 3, 5, 6, 7], Enumerable.Range(0, 80).Where(id => families[id] == ClassFamily.Vehicle));
    }
}
