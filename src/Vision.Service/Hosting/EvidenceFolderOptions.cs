using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Hosting;

/// <summary>Where sealed evidence packages live (Vision:Evidence:Root, one folder per package id), as review reads them.</summary>
public sealed class EvidenceFolderOptions
{
    public const string Section = "Vision:Evidence";

    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "data/evidence";
}
