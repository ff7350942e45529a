using System.Globalization;

namespace FunctionalNet.Bench;

/// <summary>A labelled CSV file of the peers' data folder: header row, features, integer label last.</summary>
internal sealed record CsvData(double[] Features, int[] Labels, int Columns)
{
    public int Rows => Labels.Length;

    public static CsvData Load(string path, double scale = 1)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        int columns = lines.Length == 0 ? 0 : lines[0].Split(',').Length - 1;
        var features = new double[lines.Length * columns];
        var labels = new int[lines.Length];
        for (int r = 0; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            if (cells.Length != columns + 1)
                throw new FormatException($"{path}: line {r + 2} has {cells.Length} cells, expected {columns + 1}");
            for (int c = 0; c < columns; c++) features[r * columns + c] = double.Parse(cells[c], CultureInfo.InvariantCulture) / scale;
            labels[r] = (int)double.Parse(cells[columns], CultureInfo.InvariantCulture);
        }
        return new CsvData(features, labels, columns);
    }
}
