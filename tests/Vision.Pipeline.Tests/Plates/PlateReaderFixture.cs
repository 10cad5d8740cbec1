using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>One fast-plate-ocr and one PP-OCR recogniser on the CPU, shared by the plate tests.</summary>
public sealed class PlateReaderFixture : IDisposable
{
    public PlateReaderFixture()
    {
        var options = new InferenceOptions();
        FastPlateOcr = new FastPlateOcrReader(TestAssets.Model("fast_plate_ocr_cct_xs_v1_global.onnx"), options);
        Paddle = new PaddleTextRecognizer(TestAssets.Model("ppocr/ch_PP-OCRv4_rec_infer.onnx"), TestAssets.Model("ppocr/ppocr_keys_v1.txt"), options);
    }

    public FastPlateOcrReader FastPlateOcr { get; }

    public PaddleTextRecognizer Paddle { get; }

    public void Dispose()
    {
        FastPlateOcr.Dispose();
        Paddle.Dispose();
    }
}
